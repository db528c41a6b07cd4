package dev.molt.replicator.pipeline;

import dev.molt.replicator.snapshot.SnapshotCopy;

/**
 * A pipeline's status as the API shows it.
 *
 * @param wanted what was last asked of the pipeline, stored in its target: RUNNING, PAUSED or
 *     STOPPED (a restart goes back to it); null until the target could be read
 * @param applyMode whether captured rows are written ({@code APPLY}) or, while the source takes
 *     only the other direction's echoes, discarded ({@code DISCARD}); stored with {@code wanted}
 * @param applyModeFromBeat where {@code applyMode} was asked from the source's position at the call,
 *     the heartbeat that marks it until the stream has carried it (the mode before applies up to
 *     it); null once the mode is in force
 * @param discardedEvents change events discarded as echoes since the replicator started
 * @param caughtUpAt an instant (epoch millis, replicator clock) before which every transaction
 *     committed on the source has been applied to the target; null until known
 * @param appliedPosition the source position applied to the target; on the Kafka transport, the
 *     position published to the change log
 * @param lagEvents source transactions between the applied position and the source head; on the
 *     Kafka transport plus the change events in the log not yet applied
 * @param lagMillis how far {@code caughtUpAt} lies in the past
 * @param transport {@code direct} or {@code kafka}
 * @param changeLog the change log, on the Kafka transport; null otherwise
 */
public record PipelineStatus(
        String name,
        PipelineState state,
        WantedState wanted,
        ApplyMode applyMode,
        Long applyModeFromBeat,
        long discardedEvents,
        String reason,
        SnapshotCopy.Progress snapshot,
        String sourcePosition,
        String appliedPosition,
        long lagEvents,
        long lagMillis,
        Long caughtUpAt,
        double eventsPerSecond,
        String transport,
        ChangeLog changeLog) {

    /** This status with the wanted state, which the pipeline's owner keeps. */
    public PipelineStatus withWanted(WantedState value) {
        return new PipelineStatus(
                name,
                state,
                value,
                applyMode,
                applyModeFromBeat,
                discardedEvents,
                reason,
                snapshot,
                sourcePosition,
                appliedPosition,
                lagEvents,
                lagMillis,
                caughtUpAt,
                eventsPerSecond,
                transport,
                changeLog);
    }

    /**
     * The change log between capture and appliers.
     *
     * @param partitionsApplied partitions whose appliers have stored a position in the target
     * @param capture whether this process captures the source
     * @param appliers the members of the applier group running in this process
     * @param captureLagEvents source transactions not yet published to the log
     * @param consumerLag change events in the log not yet applied, over all partitions; -1 where
     *     Kafka does not answer
     */
    public record ChangeLog(
            String topic,
            int partitions,
            int partitionsApplied,
            boolean capture,
            int appliers,
            long captureLagEvents,
            long consumerLag) {}
}
