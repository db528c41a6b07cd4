package dev.molt.replicator.pipeline;

/** A drain that did not complete within its time-out; nothing was changed. */
public class DrainTimeoutException extends RuntimeException {

    public DrainTimeoutException(String message) {
        super(message);
    }
}
