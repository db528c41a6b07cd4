package dev.molt.replicator.pipeline;

/**
 * A pipeline's status as the API shows it.
 *
 * @param caughtUpAt an instant (epoch millis, replicator clock) before which every transaction
 *     committed on the source has been applied to the target; null until known
 * @param lagEvents source transactions between the applied position and the source head
 * @param lagMillis how far {@code caughtUpAt} lies in the past
 */
public record PipelineStatus(
        String name,
        PipelineState state,
        String reason,
        Snapshot snapshot,
        String sourcePosition,
        String appliedPosition,
        long lagEvents,
        long lagMillis,
        Long caughtUpAt,
        double eventsPerSecond,
        long parkedRows) {

    /** Progress of the initial copy. */
    public record Snapshot(boolean completed, long rowsCopied, long rowsTotal) {}
}
