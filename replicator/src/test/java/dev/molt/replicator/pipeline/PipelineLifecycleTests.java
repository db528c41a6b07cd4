package dev.molt.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.config.Backoff;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PipelineLifecycleTests {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2);

    private final PipelineLifecycle lifecycle = new PipelineLifecycle("forward");

    @Test
    void onlyAStoppedOrFailedPipelineStarts() {
        lifecycle.start();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.STARTING);
        assertThatThrownBy(lifecycle::start).isInstanceOf(PipelineConflictException.class);
        long launch = lifecycle.nextLaunch();
        assertThat(lifecycle.fail(launch, "row id=7 was refused")).isTrue();
        lifecycle.start();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.STARTING);
        assertThat(lifecycle.reason()).isNull();
    }

    @Test
    void failureKeepsTheReasonNamingTheRow() {
        lifecycle.start();
        long launch = lifecycle.nextLaunch();
        assertThat(lifecycle.fail(launch, "row id=7 was refused")).isTrue();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.FAILED);
        assertThat(lifecycle.reason()).isEqualTo("row id=7 was refused");
        assertThat(lifecycle.relaunching(launch, "engine ended", BACKOFF))
                .as("a failed launch is not retried")
                .isNull();
        assertThat(lifecycle.isOver(launch)).isTrue();
    }

    @Test
    void aFailureOfAnEarlierLaunchOrAfterAStopChangesNothing() {
        lifecycle.start();
        long earlier = lifecycle.nextLaunch();
        lifecycle.nextLaunch();
        assertThat(lifecycle.fail(earlier, "late")).isFalse();
        lifecycle.requestStop();
        assertThat(lifecycle.fail(PipelineLifecycle.ANY_GENERATION, "late")).isFalse();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.STARTING);
        assertThat(lifecycle.nextLaunch()).isEqualTo(PipelineLifecycle.ANY_GENERATION);
    }

    @Test
    void relaunchesBackOffUntilABatchIsApplied() {
        lifecycle.start();
        long launch = lifecycle.nextLaunch();
        assertThat(lifecycle.relaunching(launch, "source unreachable", BACKOFF)).isEqualTo(Duration.ofMillis(100));
        assertThat(lifecycle.relaunching(launch, "source unreachable", BACKOFF)).isEqualTo(Duration.ofMillis(200));
        assertThat(lifecycle.state()).isEqualTo(PipelineState.RETRYING);
        assertThat(lifecycle.reason()).isEqualTo("source unreachable");
        lifecycle.applied(false);
        assertThat(lifecycle.state()).isEqualTo(PipelineState.SNAPSHOTTING);
        assertThat(lifecycle.reason()).isNull();
        assertThat(lifecycle.relaunching(launch, "source unreachable", BACKOFF)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void copyCompletionTurnsSnapshottingIntoStreaming() {
        lifecycle.start();
        lifecycle.applied(false);
        lifecycle.snapshotCompleted();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.STREAMING);
    }

    @Test
    void aPausedPipelineStaysPausedWhileRetryingAndResumesStreaming() throws Exception {
        lifecycle.start();
        lifecycle.pause();
        lifecycle.retrying(PipelineLifecycle.ANY_GENERATION, "", "target unreachable", Duration.ofMillis(1));
        assertThat(lifecycle.state()).isEqualTo(PipelineState.PAUSED);
        lifecycle.resume();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.STARTING);
        assertThatThrownBy(lifecycle::resume).isInstanceOf(PipelineConflictException.class);
    }

    @Test
    void resumeWakesABatchWaitingWhilePaused() {
        lifecycle.start();
        lifecycle.pause();
        AtomicBoolean through = new AtomicBoolean();
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> {
            try {
                lifecycle.awaitRunning();
                through.set(true);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(through).isFalse();
        lifecycle.resume();
        await().atMost(Duration.ofSeconds(5)).until(batch::isDone);
        assertThat(through).isTrue();
    }

    @Test
    void stopEndsARetryWaitAtOnce() {
        lifecycle.start();
        CompletableFuture<Throwable> retry = CompletableFuture.supplyAsync(() -> {
            try {
                lifecycle.retrying(PipelineLifecycle.ANY_GENERATION, "", "target unreachable", Duration.ofMinutes(5));
                lifecycle.retrying(PipelineLifecycle.ANY_GENERATION, "", "target unreachable", Duration.ofMinutes(5));
                return null;
            } catch (InterruptedException e) {
                return e;
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> lifecycle.state() == PipelineState.RETRYING);
        lifecycle.requestStop();
        await().atMost(Duration.ofSeconds(5)).until(retry::isDone);
        assertThat(retry.join()).isInstanceOf(InterruptedException.class);
        lifecycle.stopped();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.STOPPED);
        assertThatThrownBy(lifecycle::requestStop).isInstanceOf(PipelineConflictException.class);
    }

    @Test
    void anAppliersOnlyProcessStreamsOnceItReachesItsDatabases() {
        lifecycle.start();
        lifecycle.streaming();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.STREAMING);
        long launch = lifecycle.generation();
        lifecycle.relaunching(launch, "Kafka unreachable", BACKOFF);
        lifecycle.recovered();
        assertThat(lifecycle.state()).isEqualTo(PipelineState.STREAMING);
        assertThat(lifecycle.reason()).isNull();
    }
}
