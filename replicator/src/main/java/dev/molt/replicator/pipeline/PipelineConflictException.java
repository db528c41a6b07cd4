package dev.molt.replicator.pipeline;

/** A control request that the pipeline's current state does not allow. */
public class PipelineConflictException extends RuntimeException {

    public PipelineConflictException(String message) {
        super(message);
    }
}
