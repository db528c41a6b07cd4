package dev.molt.replicator.pipeline;

import dev.molt.replicator.capture.Heartbeat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline's {@link ApplyMode} where captured batches pass: in {@code DISCARD} the mapped rows of
 * the target table are taken out before the batch is handed over, so neither transport writes
 * them, while heartbeats and the batch's position go on as usual (a drain still completes, and the
 * position moves past the echoes). Counts what it discarded.
 *
 * <p>A mode takes effect either from the next batch, or at a heartbeat ({@link #modeFromBeat}):
 * every row before that beat in the stream passes in the mode before, every row after it in the
 * new one. The command switch uses the beat to let the other side's pipeline apply exactly what its
 * source commits after the flip without waiting until the pipeline has read up to it.
 */
final class EchoDiscard {

    private static final Logger log = LoggerFactory.getLogger(EchoDiscard.class);

    /** A mode that takes effect at the beat of sequence {@code seq} of {@code pipeline}. */
    private record AtBeat(long seq, ApplyMode mode) {}

    private final String pipeline;
    private final String targetTable;
    private final AtomicLong discarded = new AtomicLong();
    private volatile ApplyMode mode = ApplyMode.APPLY;
    private volatile AtBeat atBeat;

    EchoDiscard(String pipeline, String targetTable) {
        this.pipeline = pipeline;
        this.targetTable = targetTable;
    }

    /** The mode asked for last: in force, or to be in force from a beat on ({@link #fromBeat()}). */
    ApplyMode mode() {
        AtBeat pending = atBeat;
        return pending == null ? mode : pending.mode();
    }

    /** The mode in force for what the stream carries now. */
    ApplyMode modeInForce() {
        return mode;
    }

    /** The beat from which {@link #mode()} takes effect, or null where it is in force already. */
    Long fromBeat() {
        AtBeat pending = atBeat;
        return pending == null ? null : pending.seq();
    }

    /** The mode from the next batch on; a mode waiting for its beat is dropped. */
    synchronized void mode(ApplyMode next) {
        atBeat = null;
        mode = next;
    }

    /**
     * The mode for the rows after the beat {@code seq} (or a later one) in the stream; call it before
     * that beat commits, or the stream may have carried it already.
     */
    synchronized void modeFromBeat(long seq, ApplyMode next) {
        log.debug("pipeline {}: apply mode {} asked from beat {}", pipeline, next, seq);
        atBeat = new AtBeat(seq, next);
    }

    /** Change events discarded since this process started. */
    long discarded() {
        return discarded.get();
    }

    /** The batch as it is to be handed over: whole in {@code APPLY}, without its rows in {@code DISCARD}. */
    List<SourceRecord> pass(List<SourceRecord> records) {
        if (mode == ApplyMode.APPLY && atBeat == null) {
            return records;
        }
        synchronized (this) {
            List<SourceRecord> kept = new ArrayList<>(records.size());
            for (SourceRecord record : records) {
                String table = Transport.tableOf(record.topic());
                if (atBeat != null && Heartbeat.TABLE.equals(table) && reaches(record, atBeat.seq())) {
                    log.debug(
                            "pipeline {}: apply mode {} in force from beat {}", pipeline, atBeat.mode(), atBeat.seq());
                    mode = atBeat.mode();
                    atBeat = null;
                }
                if (mode == ApplyMode.DISCARD && targetTable.equals(table)) {
                    discarded.incrementAndGet();
                } else {
                    kept.add(record);
                }
            }
            return kept;
        }
    }

    private boolean reaches(SourceRecord record, long seq) {
        if (!(record.value() instanceof Struct envelope)) {
            return false;
        }
        Heartbeat.Beat beat = Heartbeat.beatOf(envelope, pipeline);
        return beat != null && beat.seq() >= seq;
    }
}
