package dev.molt.replicator.pipeline;

import dev.molt.replicator.capture.Heartbeat;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * How the captured changes of a pipeline travel to their applier: straight into the target in the
 * capturing process ({@link DirectTransport}), or through a Kafka change log and a group of
 * appliers ({@link KafkaTransport}). The pipeline applies and stores the source offset of every
 * batch either way; a transport says what of the batch to apply here, where drains wait, and what
 * the status shows of it.
 */
interface Transport {

    /** What of a captured batch to apply in this process, and the newest heartbeat it carries (-1: none). */
    record HandedOver(List<SourceRecord> toApply, int events, long beatSeq, long beatWrittenAt) {}

    /** What status shows of the applied progress, with what the transport knows beyond this process. */
    record View(Long caughtUpAt, boolean snapshotCompleted, long lagEvents, PipelineStatus.ChangeLog changeLog) {}

    /** The heartbeat rows per beat: one per change log partition, so that every partition carries each beat. */
    int heartbeatSlots();

    /**
     * Prepares what the transport needs at a launch, once the target is reached.
     *
     * @return whether this process captures the source (false: appliers only)
     */
    boolean open() throws Exception;

    /**
     * Hands a captured batch over (the Kafka transport publishes it, waiting while Kafka is away).
     *
     * @throws InterruptedException where the pipeline stopped meanwhile
     */
    HandedOver handOver(List<SourceRecord> records) throws InterruptedException;

    /**
     * Waits until the beat is applied, wherever it is applied.
     *
     * @param begin when the drain began ({@link System#nanoTime()})
     * @throws DrainTimeoutException where it is not applied within the timeout
     */
    DrainResult drain(Heartbeat.Beat beat, long begin, Duration timeout);

    /** The status's view of the applied progress, from what this process applied and the transport knows. */
    View view(Long caughtUpAt, boolean snapshotCompleted, long lagEvents);

    /** Releases what {@link #open} opened. */
    void close();

    /** The table a captured event's topic names (its last dot-separated part); empty for none. */
    static String tableOf(String topic) {
        return topic == null ? "" : topic.substring(topic.lastIndexOf('.') + 1);
    }
}
