package dev.molt.replicator.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A pipeline's {@link ApplyMode} where captured batches pass: in {@code DISCARD} the mapped rows of
 * the target table are taken out before the batch is handed over, so neither transport writes
 * them, while heartbeats and the batch's position go on as usual (a drain still completes, and the
 * position moves past the echoes). Counts what it discarded.
 */
final class EchoDiscard {

    private final String targetTable;
    private final AtomicLong discarded = new AtomicLong();
    private volatile ApplyMode mode = ApplyMode.APPLY;

    EchoDiscard(String targetTable) {
        this.targetTable = targetTable;
    }

    ApplyMode mode() {
        return mode;
    }

    void mode(ApplyMode next) {
        mode = next;
    }

    /** Change events discarded since this process started. */
    long discarded() {
        return discarded.get();
    }

    /** The batch as it is to be handed over: whole in {@code APPLY}, without its rows in {@code DISCARD}. */
    List<SourceRecord> pass(List<SourceRecord> records) {
        if (mode == ApplyMode.APPLY) {
            return records;
        }
        List<SourceRecord> kept = new ArrayList<>(records.size());
        for (SourceRecord record : records) {
            if (targetTable.equals(Transport.tableOf(record.topic()))) {
                discarded.incrementAndGet();
            } else {
                kept.add(record);
            }
        }
        return kept;
    }
}
