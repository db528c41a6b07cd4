package dev.molt.gateway.replication;

/** The replicator refused a call, timed out or could not be reached; the message says which. */
public class ReplicatorException extends RuntimeException {

    private final boolean timedOut;

    ReplicatorException(String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.timedOut = timedOut;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
