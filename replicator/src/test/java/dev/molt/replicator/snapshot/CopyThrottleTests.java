package dev.molt.replicator.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CopyThrottleTests {

    final AtomicLong lag = new AtomicLong();
    final CopyThrottle throttle = new CopyThrottle(lag::get, Duration.ofSeconds(1), Duration.ofMillis(500));

    @Test
    void theCopyRunsFreeWhileTheStreamKeepsUpAndCommitsAreQuick() {
        lag.set(400);

        assertThat(throttle.next(120)).isNull();
        assertThat(throttle.reason()).isNull();
    }

    @Test
    void aLaggingStreamHoldsTheCopyAndSaysBy() {
        lag.set(2300);

        assertThat(throttle.next(0)).isEqualTo(new CopyThrottle.Wait("lag 2.3 s > 1.0 s", 50));
        assertThat(throttle.reason()).isEqualTo("lag 2.3 s > 1.0 s");

        lag.set(10);
        assertThat(throttle.next(0)).isNull();
        assertThat(throttle.reason()).isNull();
    }

    @Test
    void aSlowCommitPausesTheCopyForTwiceItsTimeAtMostFiveSeconds() {
        assertThat(throttle.next(800)).isEqualTo(new CopyThrottle.Wait("target commit 800 ms > 500 ms", 1600));
        assertThat(throttle.next(4000).millis()).isEqualTo(CopyThrottle.MAX_COMMIT_PAUSE_MILLIS);
    }
}
