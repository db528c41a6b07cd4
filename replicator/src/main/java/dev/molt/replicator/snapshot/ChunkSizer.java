package dev.molt.replicator.snapshot;

/**
 * Sizes the copy's chunks toward a target time per chunk, as Cash App's Spirit does: a chunk
 * that took twice the target halves the next one, a quick one grows it, at most doubling at a
 * time so that one outlier (a pause, a lock wait) does not swing the size, within fixed bounds.
 * Short chunks keep the copy's transactions, and the range locks it holds, short for the stream.
 */
final class ChunkSizer {

    static final int MIN_ROWS = 100;

    private final long targetNanos;
    private final int maxRows;
    private int rows;

    ChunkSizer(int initialRows, long targetNanos, int maxRows) {
        this.targetNanos = targetNanos;
        this.maxRows = Math.max(MIN_ROWS, maxRows);
        this.rows = clamp(initialRows);
    }

    int rows() {
        return rows;
    }

    /** Takes the time a chunk of {@link #rows()} took; returns the size of the next chunk. */
    int took(long nanos) {
        double factor = (double) targetNanos / Math.max(nanos, 1);
        factor = Math.max(0.5, Math.min(2.0, factor));
        rows = clamp((int) Math.round(rows * factor));
        return rows;
    }

    private int clamp(int candidate) {
        return Math.max(MIN_ROWS, Math.min(maxRows, candidate));
    }
}
