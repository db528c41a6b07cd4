package dev.molt.replicator.apply;

/** A write to the target (or to Kafka) that may find it unreachable, for a retry loop to repeat. */
@FunctionalInterface
public interface TargetWrite {
    void run() throws TargetUnavailableException;
}
