package dev.molt.replicator.pipeline;

/**
 * Whether a running pipeline writes what it captures. Both directions run at once around the
 * command switch, and each carries the other's writes back as echoes: the reverse stream writes
 * NEW's changes into OLD, the forward stream captures them there and would write them into NEW
 * again. The version guard makes an echo of an update harmless, but not the echo of an update to
 * a row the application has deleted meanwhile (an application's delete leaves no tombstone): it
 * would bring the row back, and stay if the stream stops before the delete's own echo arrives.
 * So only the pipeline whose source takes the application's writes applies; the other one, while
 * it runs, {@link #DISCARD discards}: it reads on and stores its position, and writes no row. The
 * command switch changes both inside its fence: the losing side's once drained (the drain's {@code
 * then}), the other's from its source's current position ({@link ApplyFrom#SOURCE_HEAD}).
 */
public enum ApplyMode {
    /** Writes the captured rows into the target: the source takes the application's writes. */
    APPLY,
    /** Writes no row, only the position: the source takes no application write, only echoes. */
    DISCARD
}
