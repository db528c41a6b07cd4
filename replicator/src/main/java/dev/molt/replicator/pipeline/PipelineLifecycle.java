package dev.molt.replicator.pipeline;

import dev.molt.replicator.config.Backoff;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine of one pipeline: its state and reason, the generation of its current launch,
 * the pause and the stop request. The only writer of them: every transition is one method.
 *
 * <p>Thread safety: every read-modify-write holds this object's monitor, which is also what paused
 * and retrying threads wait on; stop, close, resume, a failure and every applied batch wake them.
 * Nothing outside this class is called while the monitor is held (but the logger and the lock-free
 * counters of {@link LifecycleMeters}), so a caller may hold its own locks when it calls in
 * (Debezium's batch thread and the copy hold the snapshot mark while they retry a write here), and
 * no caller ever takes another lock inside this monitor: with the monitor always innermost, no
 * deadlock with Debezium's or the appliers' threads is possible. {@code state} and {@code reason}
 * are volatile so that status reads them without the monitor.
 */
final class PipelineLifecycle {

    /** For a caller that belongs to no one launch (Debezium's batch thread, the appliers). */
    static final long ANY_GENERATION = -1;

    private static final Logger log = LoggerFactory.getLogger(PipelineLifecycle.class);
    private static final Set<PipelineState> RUNNING =
            Set.of(PipelineState.STARTING, PipelineState.SNAPSHOTTING, PipelineState.STREAMING, PipelineState.RETRYING);

    private final String name;
    private volatile PipelineState state = PipelineState.STOPPED;
    private volatile String reason;
    private volatile boolean stopRequested;
    private volatile long startedAt = System.currentTimeMillis();
    private boolean paused;
    private PipelineState stateBeforePause;
    private int attempts;
    private long generation;
    private final LifecycleMeters meters;

    PipelineLifecycle(String name) {
        this(name, LifecycleMeters.unscraped(name));
    }

    PipelineLifecycle(String name, LifecycleMeters meters) {
        this.name = name;
        this.meters = meters;
    }

    PipelineState state() {
        return state;
    }

    String reason() {
        return reason;
    }

    /** When the pipeline was last started, for the lag before it first caught up. */
    long startedAt() {
        return startedAt;
    }

    /** STOPPED or FAILED to STARTING: clears the stop request, the pause, the reason and the attempts. */
    synchronized void start() {
        if (state != PipelineState.STOPPED && state != PipelineState.FAILED) {
            throw new PipelineConflictException(
                    "pipeline " + name + " is " + state + "; only a stopped or failed pipeline starts");
        }
        stopRequested = false;
        paused = false;
        reason = null;
        attempts = 0;
        startedAt = System.currentTimeMillis();
        state = PipelineState.STARTING;
    }

    /** Asks the current launch to end and wakes every waiter; refused where already stopped. */
    synchronized void requestStop() {
        if (state == PipelineState.STOPPED) {
            throw new PipelineConflictException("pipeline " + name + " is already stopped");
        }
        requestClose();
    }

    /** Asks the current launch to end and wakes every waiter, in any state (the application ends). */
    synchronized void requestClose() {
        stopRequested = true;
        paused = false;
        notifyAll();
    }

    /** Everything is released after a stop: STOPPED, without a reason. */
    synchronized void stopped() {
        state = PipelineState.STOPPED;
        reason = null;
    }

    /** Everything is released at the end of the application: STOPPED, the last reason kept. */
    synchronized void closed() {
        state = PipelineState.STOPPED;
    }

    /** A running pipeline to PAUSED; its batches and copy wait until it resumes. */
    synchronized void pause() {
        if (!RUNNING.contains(state)) {
            throw new PipelineConflictException(
                    "pipeline " + name + " is " + state + "; only a running pipeline pauses");
        }
        paused = true;
        stateBeforePause = state;
        state = PipelineState.PAUSED;
    }

    /** PAUSED back to the state before (RETRYING to STREAMING: the next attempt tells). */
    synchronized void resume() {
        if (state != PipelineState.PAUSED) {
            throw new PipelineConflictException(
                    "pipeline " + name + " is " + state + "; only a paused pipeline resumes");
        }
        paused = false;
        state = stateBeforePause == PipelineState.RETRYING ? PipelineState.STREAMING : stateBeforePause;
        notifyAll();
    }

    /** The generation of a new launch, or {@link #ANY_GENERATION} where a stop was requested. */
    synchronized long nextLaunch() {
        return stopRequested ? ANY_GENERATION : ++generation;
    }

    /** The generation of the current launch. */
    synchronized long generation() {
        return generation;
    }

    /** Whether the launch of that generation is still the current one and not asked to stop. */
    synchronized boolean isCurrent(long launch) {
        return !stopRequested && launch == generation;
    }

    /** Whether an end of that launch is someone else's business: relaunched, stopped or failed. */
    synchronized boolean isOver(long launch) {
        return launch != generation || stopRequested || state == PipelineState.FAILED;
    }

    /** Whether heartbeats are worth writing: the pipeline runs or is paused. */
    boolean isActive() {
        PipelineState now = state;
        return RUNNING.contains(now) || now == PipelineState.PAUSED;
    }

    /**
     * To FAILED with the reason naming the column or row, unless that launch is over (with
     * {@link #ANY_GENERATION}: unless a stop was requested). Wakes every waiter.
     *
     * @return whether the pipeline failed now: the caller then releases its resources
     */
    synchronized boolean fail(long launch, String why) {
        if (stopRequested || (launch != ANY_GENERATION && launch != generation)) {
            return false;
        }
        log.error("pipeline {} failed: {}", name, why);
        if (state != PipelineState.FAILED) {
            meters.failures().increment();
        }
        state = PipelineState.FAILED;
        reason = why;
        notifyAll();
        return true;
    }

    /**
     * To RETRYING (a paused pipeline stays PAUSED) and waits {@code wait}, or until stop or resume:
     * a write that could not reach its database, tried again after this returns.
     *
     * @param what who retries, for the log (empty for the pipeline itself)
     * @throws InterruptedException where a stop was requested or that launch is over
     */
    synchronized void retrying(long launch, String what, String why, Duration wait) throws InterruptedException {
        if (stopRequested || (launch != ANY_GENERATION && launch != generation)) {
            throw new InterruptedException("pipeline " + name + " stopped while the target was unreachable");
        }
        if (state != PipelineState.PAUSED) {
            state = PipelineState.RETRYING;
        }
        reason = why;
        meters.retries().increment();
        log.warn("pipeline {}: {}{}; retrying in {} ms", name, what, why, wait.toMillis());
        wait(Math.max(1, wait.toMillis()));
    }

    /**
     * To RETRYING (a paused pipeline stays PAUSED) before the whole launch is tried again, unless
     * that launch is over or failed.
     *
     * @return the wait before the relaunch, growing with the attempts since the last applied batch;
     *     null where the launch is over
     */
    synchronized Duration relaunching(long launch, String why, Backoff backoff) {
        if (stopRequested || launch != generation || state == PipelineState.FAILED) {
            return null;
        }
        if (state != PipelineState.PAUSED) {
            state = PipelineState.RETRYING;
        }
        reason = why;
        Duration wait = backoff.delay(attempts);
        attempts++;
        meters.retries().increment();
        return wait;
    }

    /**
     * A batch was applied: the attempts start over, and a running pipeline is SNAPSHOTTING until
     * its copy completed and STREAMING after, without a reason. Wakes every waiter.
     */
    synchronized void applied(boolean snapshotCompleted) {
        attempts = 0;
        if (RUNNING.contains(state)) {
            state = snapshotCompleted ? PipelineState.STREAMING : PipelineState.SNAPSHOTTING;
            reason = null;
        }
        notifyAll();
    }

    /** The copy completed: SNAPSHOTTING to STREAMING. */
    synchronized void snapshotCompleted() {
        if (state == PipelineState.SNAPSHOTTING) {
            state = PipelineState.STREAMING;
        }
    }

    /** An applier-only process reached its databases: STARTING or RETRYING to STREAMING. */
    synchronized void streaming() {
        if (state == PipelineState.STARTING || state == PipelineState.RETRYING) {
            state = PipelineState.STREAMING;
            reason = null;
        }
    }

    /** Applying works again: RETRYING to STREAMING, without a reason. */
    synchronized void recovered() {
        if (state == PipelineState.RETRYING) {
            state = PipelineState.STREAMING;
            reason = null;
        }
    }

    /**
     * Blocks while paused.
     *
     * @throws InterruptedException once a stop was requested
     */
    synchronized void awaitRunning() throws InterruptedException {
        if (!awaitRunningUnlessStopped()) {
            throw new InterruptedException("pipeline " + name + " stopped");
        }
    }

    /** Blocks while paused; false once a stop was requested. */
    synchronized boolean awaitRunningUnlessStopped() throws InterruptedException {
        while (paused && !stopRequested) {
            wait();
        }
        return !stopRequested;
    }

    /** Blocks while paused; whether the launch of that generation is over (stopped or relaunched). */
    synchronized boolean awaitRunningOrOver(long launch) {
        while (paused && !stopRequested && launch == generation) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return stopRequested || launch != generation;
    }

    /**
     * Waits a moment, or less where a transition wakes it: between polls of something this
     * monitor does not guard.
     */
    synchronized void pauseFor(Duration moment) throws InterruptedException {
        wait(Math.max(1, moment.toMillis()));
    }
}
