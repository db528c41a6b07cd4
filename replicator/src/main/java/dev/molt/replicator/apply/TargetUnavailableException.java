package dev.molt.replicator.apply;

/** The target could not be reached or asked to retry; the batch was not applied and may be retried. */
public class TargetUnavailableException extends Exception {

    public TargetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
