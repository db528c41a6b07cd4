package dev.molt.replicator.pipeline;

/** Where in a pipeline's stream a new {@link ApplyMode} takes effect. */
public enum ApplyFrom {
    /** From the next batch the capture hands over: what the stream carries from then on. */
    NEXT_BATCH,
    /**
     * From the source's position at the call, marked by a heartbeat: rows the source committed
     * before keep the mode before, even where the stream has not read them yet. The command switch
     * uses it for the pipeline that is to apply, so it need not wait until that one has read the
     * echoes up to the flip.
     */
    SOURCE_HEAD
}
