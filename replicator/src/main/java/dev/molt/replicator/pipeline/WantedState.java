package dev.molt.replicator.pipeline;

/**
 * What the operator (or the gateway) last asked of a pipeline, stored in its target so that a
 * restarted replicator goes back to it. A drain changes nothing here: it waits until the pipeline
 * caught up and leaves it running.
 */
public enum WantedState {
    RUNNING,
    PAUSED,
    STOPPED
}
