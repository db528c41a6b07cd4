package dev.molt.replicator.verify;

import java.time.Duration;
import java.time.Instant;

/**
 * How far the running (or last) verification of a pipeline has come, for the status: written by
 * the verifying thread after each chunk, read by any.
 */
public final class VerificationProgress {

    /**
     * What the status shows.
     *
     * @param state {@code never}, {@code running}, {@code equal} or {@code different}
     * @param rowsChecked source rows in the chunks checksummed so far
     * @param rowsEstimated the source table's rows as the database estimates them (rough)
     * @param chunksDone chunks checksummed so far
     * @param chunksDifferent chunks whose checksums differed and were read row by row
     * @param rowsPerSecond rows checked per second so far
     * @param etaSeconds seconds left at that rate, from the estimate; null when not running
     * @param startedAt when it began; null if never
     */
    public record View(
            String state,
            long rowsChecked,
            long rowsEstimated,
            long chunksDone,
            long chunksDifferent,
            double rowsPerSecond,
            Long etaSeconds,
            Instant startedAt) {}

    private String state = "never";
    private long rowsChecked;
    private long rowsEstimated;
    private long chunksDone;
    private long chunksDifferent;
    private Instant startedAt;
    private Instant endedAt;

    synchronized void begin(long estimate) {
        state = "running";
        rowsChecked = 0;
        rowsEstimated = estimate;
        chunksDone = 0;
        chunksDifferent = 0;
        startedAt = Instant.now();
        endedAt = null;
    }

    synchronized void chunkDone(long rows, boolean different) {
        rowsChecked += rows;
        chunksDone++;
        if (different) {
            chunksDifferent++;
        }
    }

    synchronized void end(boolean equal) {
        state = equal ? "equal" : "different";
        endedAt = Instant.now();
    }

    /** Where a verification that threw leaves the status. */
    public synchronized void failed() {
        state = "failed";
        endedAt = Instant.now();
    }

    public synchronized View view() {
        if (startedAt == null) {
            return new View(state, 0, 0, 0, 0, 0, null, null);
        }
        Instant until = endedAt == null ? Instant.now() : endedAt;
        double seconds = Math.max(Duration.between(startedAt, until).toMillis(), 1) / 1000.0;
        double rate = rowsChecked / seconds;
        Long eta =
                endedAt != null || rate == 0 ? null : (long) Math.ceil(Math.max(rowsEstimated - rowsChecked, 0) / rate);
        return new View(state, rowsChecked, rowsEstimated, chunksDone, chunksDifferent, rate, eta, startedAt);
    }
}
