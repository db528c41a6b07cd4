package dev.molt.replicator.pipeline;

import java.util.concurrent.TimeUnit;

/**
 * How far this process has applied the source on the direct transport: the last applied source
 * position, the last applied heartbeat and the instant it was written ({@code caughtUpAt}).
 * Drains wait here for their beat. Its own monitor guards the beat and is held only for field
 * updates and the drains' waits, never while calling out.
 */
final class AppliedProgress {

    private volatile String position = "";
    private volatile Long caughtUpAt;
    private long beat;

    String position() {
        return position;
    }

    Long caughtUpAt() {
        return caughtUpAt;
    }

    /** The position stored in the target, where the pipeline resumes. */
    void resumeAt(String stored) {
        if (!stored.isEmpty()) {
            position = stored;
        }
    }

    /**
     * A batch was applied up to {@code at} (empty where its events carry none). Before the copy
     * completes, a beat does not mean caught up: rows may still be missing.
     */
    synchronized void applied(String at, boolean snapshotCompleted, long beatSeq, long beatWrittenAt) {
        if (!at.isEmpty()) {
            position = at;
        }
        if (snapshotCompleted && beatSeq > beat) {
            beat = beatSeq;
            caughtUpAt = beatWrittenAt;
        }
        notifyAll();
    }

    /**
     * Waits until the beat of that sequence number is applied.
     *
     * @return false where the deadline ({@link System#nanoTime()}) passed first
     */
    synchronized boolean awaitBeat(long seq, long deadline) throws InterruptedException {
        while (beat < seq) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return true;
    }
}
