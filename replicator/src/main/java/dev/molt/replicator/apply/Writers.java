package dev.molt.replicator.apply;

/**
 * Who else writes the target table while an applier does, which decides how its tombstone lookups
 * lock: a delete committed meanwhile by another writer must either be seen by a write that could
 * bring its row back, or wait for that write to commit.
 */
public enum Writers {
    /** No one else: this process's writers are ordered by the applier's own lock. */
    ALONE,
    /**
     * Writers in other processes (the appliers of a Kafka consumer group): every lookup reads the
     * keys' tombstones with a shared lock.
     */
    OTHERS,
    /**
     * A copy worker beside the stream: the lookup takes a shared lock over all the table's
     * tombstones (few while a copy runs), so a delete committed meanwhile waits for the chunk, and
     * reads the chunk's keys only where there is any tombstone at all; a chunk's keys are
     * thousands, the tombstones of a copy usually none.
     */
    COPY
}
