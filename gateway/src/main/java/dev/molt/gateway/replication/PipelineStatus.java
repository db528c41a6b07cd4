package dev.molt.gateway.replication;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One pipeline as {@code GET /replication/{pipeline}} reports it; {@code applyMode} is null from a
 * replicator that does not report it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineStatus(
        String name,
        String state,
        String reason,
        Snapshot snapshot,
        String sourcePosition,
        String appliedPosition,
        Long lagEvents,
        Long lagMillis,
        Long caughtUpAt,
        Double eventsPerSecond,
        ApplyMode applyMode) {

    /**
     * Snapshot progress of a pipeline; the copy's rate, ETA and throttle are null from a replicator
     * that does not report them.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Snapshot(
            boolean completed,
            long rowsCopied,
            long rowsTotal,
            Double rowsPerSecond,
            Long etaSeconds,
            String throttled) {}

    public boolean streaming() {
        return "STREAMING".equals(state);
    }

    public boolean snapshotCompleted() {
        return snapshot != null && snapshot.completed();
    }
}
