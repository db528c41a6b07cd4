package dev.molt.replicator.pipeline;

/** Where a pipeline stands; {@code RETRYING} means waiting for a database, nothing lost. */
public enum PipelineState {
    STOPPED,
    STARTING,
    SNAPSHOTTING,
    STREAMING,
    PAUSED,
    RETRYING,
    FAILED
}
