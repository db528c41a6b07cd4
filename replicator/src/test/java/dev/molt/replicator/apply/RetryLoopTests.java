package dev.molt.replicator.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.replicator.config.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryLoopTests {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300), 2);

    @Test
    void anUnreachableTargetIsRetriedWithGrowingWaitsUntilItTakesTheWrite() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<Duration> waits = new ArrayList<>();
        RetryLoop.run(
                () -> {
                    if (attempts.incrementAndGet() <= 3) {
                        throw new TargetUnavailableException("target unreachable", null);
                    }
                },
                BACKOFF,
                (error, wait) -> waits.add(wait));
        assertThat(attempts).hasValue(4);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void aRefusedRowEndsTheLoopAtOnce() {
        List<Duration> waits = new ArrayList<>();
        assertThatThrownBy(() -> RetryLoop.run(
                        () -> {
                            throw new RowRejectedException("row id=7 was refused", null);
                        },
                        BACKOFF,
                        (error, wait) -> waits.add(wait)))
                .isInstanceOf(RowRejectedException.class);
        assertThat(waits).isEmpty();
    }

    @Test
    void theWaiterEndsTheLoopByThrowing() {
        assertThatThrownBy(() -> RetryLoop.run(
                        () -> {
                            throw new TargetUnavailableException("target unreachable", null);
                        },
                        BACKOFF,
                        (error, wait) -> {
                            throw new InterruptedException("stopped");
                        }))
                .isInstanceOf(InterruptedException.class);
    }
}
