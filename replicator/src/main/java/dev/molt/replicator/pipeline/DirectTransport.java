package dev.molt.replicator.pipeline;

import dev.molt.replicator.capture.Heartbeat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The direct transport: the capturing process applies each batch's data events itself, and
 * knows from the heartbeats among them how far it has applied the source. Holds no state beyond
 * {@link AppliedProgress}, which the pipeline updates after each batch.
 */
final class DirectTransport implements Transport {

    private final String name;
    private final String targetTable;
    private final PipelineLifecycle lifecycle;
    private final AppliedProgress progress;

    DirectTransport(String name, String targetTable, PipelineLifecycle lifecycle, AppliedProgress progress) {
        this.name = name;
        this.targetTable = targetTable;
        this.lifecycle = lifecycle;
        this.progress = progress;
    }

    @Override
    public int heartbeatSlots() {
        return 1;
    }

    @Override
    public boolean open() {
        return true;
    }

    @Override
    public HandedOver handOver(List<SourceRecord> records) {
        List<SourceRecord> data = new ArrayList<>(records.size());
        long beatSeq = -1;
        long beatWrittenAt = -1;
        for (SourceRecord record : records) {
            if (!(record.value() instanceof Struct value)) {
                continue;
            }
            String table = Transport.tableOf(record.topic());
            if (targetTable.equals(table)) {
                data.add(record);
            } else if (Heartbeat.TABLE.equals(table)) {
                Heartbeat.Beat beat = Heartbeat.beatOf(value, name);
                if (beat != null) {
                    beatSeq = Math.max(beatSeq, beat.seq());
                    beatWrittenAt = Math.max(beatWrittenAt, beat.writtenAtMillis());
                }
            }
        }
        return new HandedOver(data, data.size(), beatSeq, beatWrittenAt);
    }

    @Override
    public DrainResult drain(Heartbeat.Beat beat, long begin, Duration timeout) {
        try {
            if (!progress.awaitBeat(beat.seq(), begin + timeout.toNanos())) {
                throw new DrainTimeoutException("pipeline " + name + " did not apply source position "
                        + beat.sourcePosition() + " within " + timeout.toMillis() + " ms (state "
                        + lifecycle.state() + ", applied " + progress.position() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrainTimeoutException("drain of pipeline " + name + " interrupted");
        }
        return new DrainResult(beat.sourcePosition(), progress.position(), (System.nanoTime() - begin) / 1_000_000);
    }

    @Override
    public View view(Long caughtUpAt, boolean snapshotCompleted, long lagEvents) {
        return new View(caughtUpAt, snapshotCompleted, lagEvents, null);
    }

    @Override
    public void close() {}
}
