package dev.molt.gateway.replication;

/**
 * Whether a running pipeline writes what it captures ({@code APPLY}) or, while its source takes
 * no application write and carries only the other direction's echoes, reads on and writes no row
 * ({@code DISCARD}): the replicator's contract, as {@code applyMode} in a pipeline's status.
 */
public enum ApplyMode {
    APPLY,
    DISCARD
}
