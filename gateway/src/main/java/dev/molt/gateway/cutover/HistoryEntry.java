package dev.molt.gateway.cutover;

import java.time.Instant;
import java.util.List;

/**
 * One attempted transition: when, who, from and to which stage, how it ended, how long commands
 * were held (fenced switches only) and why it did not happen, if it did not.
 */
public record HistoryEntry(
        Instant at,
        String actor,
        String action,
        int from,
        int to,
        Outcome outcome,
        boolean forced,
        Long holdMillis,
        String reason,
        List<Blocker> blockers) {

    /** How a transition attempt ended. */
    public enum Outcome {
        DONE,
        REFUSED,
        ABORTED,
        FAILED
    }
}
