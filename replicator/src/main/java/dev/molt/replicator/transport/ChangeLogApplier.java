package dev.molt.replicator.transport;

import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.apply.RetryLoop;
import dev.molt.replicator.apply.TargetUnavailableException;
import dev.molt.replicator.capture.Heartbeat;
import dev.molt.replicator.config.Backoff;
import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.config.ReplicatorProperties.EventFormat;
import dev.molt.replicator.mapping.RowMapping;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of a pipeline's applier group: consumes its share of the change log's partitions
 * and applies each poll's events to the target in one transaction, together with the positions
 * of the partitions they came from ({@link ChangeLogPositions}). The group's committed offsets
 * follow only after the database commit. A partition (re)assigned to this member resumes from the
 * position stored in the target; the group's committed offset is the fallback.
 *
 * <p>Records are read in either format ({@link ChangeLogReader}); the target table's column types,
 * which compact records are read by, are read once at the start.
 *
 * <p>A row's events all lie in one partition (see {@code mapping.ChangeLogRouting}), so one member
 * applies them in order; across members, and across a partition moving between members, the
 * version guard of {@link BatchApplier} decides, as it does for redelivered events.
 */
public final class ChangeLogApplier implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ChangeLogApplier.class);

    /** What the applier reports to its pipeline, and asks of it. */
    public interface Listener {
        /** Blocks while the pipeline is paused; false once it stops. */
        boolean awaitRunning() throws InterruptedException;

        void applied(int events);

        /** A batch could not be applied (target or Kafka unreachable) and will be retried. */
        void retrying(String reason, Duration backoff) throws InterruptedException;

        /** A row was refused: the applier stops, since skipping it would lose it. */
        void failed(Exception error);
    }

    private final String pipeline;
    private final String topic;
    private final DataSource source;
    private final DataSource target;
    private final BatchApplier applier;
    private final Listener listener;
    private final Backoff backoff;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RowMapping mapping;
    private final EventFormat format;
    private TargetColumns columns;
    private ChangeLogReader reader;
    private volatile boolean stopped;

    public ChangeLogApplier(
            String pipeline,
            int member,
            ReplicatorProperties.Pipeline config,
            DataSource source,
            DataSource target,
            BatchApplier applier,
            Listener listener) {
        this.pipeline = pipeline;
        this.source = source;
        this.topic = config.kafka().topicOf(pipeline);
        this.target = target;
        this.applier = applier;
        this.listener = listener;
        this.backoff = config.retry().backoff();
        this.mapping = RowMapping.of(config.mapping());
        this.format = config.kafka().format();
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().groupOf(pipeline));
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "molt-" + pipeline + "-applier-" + member);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(settings);
    }

    @Override
    public void run() {
        try {
            RetryLoop.run(
                    () -> columns = TargetColumns.read(target, mapping.targetTable()),
                    backoff,
                    this::retryUnlessStopped);
            refuseMisreadColumns();
            reader = new ChangeLogReader(columns);
            consumer.subscribe(List.of(topic), new ResumeFromTarget());
            while (!stopped && listener.awaitRunning()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty()) {
                    apply(records);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            log.debug("applier of {} stopped: {}", pipeline, e.toString());
        } catch (RuntimeException e) {
            if (!stopped) {
                listener.failed(e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<Struct> rows = new ArrayList<>(records.count());
        Map<Integer, ChangeLogPositions.Position> positions = new TreeMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            long beatSeq = 0;
            long beatWrittenAt = 0;
            Struct envelope = reader.envelope(record.topic(), record.value());
            if (envelope != null) {
                Struct source = envelope.getStruct("source");
                if (Heartbeat.TABLE.equals(source.getString("table"))) {
                    Heartbeat.Beat beat = Heartbeat.beatOf(envelope, pipeline);
                    if (beat != null) {
                        beatSeq = beat.seq();
                        beatWrittenAt = beat.writtenAtMillis();
                    }
                } else {
                    rows.add(envelope);
                }
            }
            long next = record.offset() + 1;
            long seq = beatSeq;
            long at = beatWrittenAt;
            positions.merge(
                    record.partition(),
                    new ChangeLogPositions.Position(record.partition(), next, seq, at),
                    (a, b) -> new ChangeLogPositions.Position(
                            a.partition(),
                            Math.max(a.nextOffset(), b.nextOffset()),
                            Math.max(a.beatSeq(), b.beatSeq()),
                            Math.max(a.beatWrittenAt(), b.beatWrittenAt())));
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(next));
        }
        Collection<ChangeLogPositions.Position> covered = positions.values();
        RetryLoop.run(
                () -> applier.apply(rows, connection -> ChangeLogPositions.save(connection, pipeline, covered)),
                backoff,
                this::retryUnlessStopped);
        listener.applied(rows.size());
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                log.debug("applier of {}: committing offsets to the group failed: {}", pipeline, error.getMessage());
            }
        });
    }

    /**
     * Refuses to start on the compact format where an event's temporal numbers would be misread
     * (the source column of another precision class than its target column), comparing with the
     * source's columns where the source answers; where it does not, the mapping is not checked.
     */
    private void refuseMisreadColumns() {
        if (format != EventFormat.COMPACT || source == null) {
            return;
        }
        List<String> misread;
        try {
            misread = columns.misreadColumns(TargetColumns.read(source, mapping.sourceTable()), mapping.columns());
        } catch (TargetUnavailableException e) {
            log.warn(
                    "applier of {}: source columns unreadable ({}); their units are not checked",
                    pipeline,
                    e.getMessage());
            return;
        }
        if (!misread.isEmpty()) {
            throw new IllegalStateException("compact change events of " + String.join(", ", misread)
                    + " would be read in another unit than they are written in: set"
                    + " molt.replicator.pipelines." + pipeline + ".kafka.format=schemas on the capture");
        }
    }

    private void retryUnlessStopped(TargetUnavailableException error, Duration wait) throws InterruptedException {
        if (stopped) {
            throw new InterruptedException("stopped while the target was unreachable");
        }
        listener.retrying(error.getMessage(), wait);
    }

    /** Stops after the batch in hand; safe from any thread. */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    /** Seeks newly assigned partitions to the positions stored in the target with the rows. */
    private final class ResumeFromTarget implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                Map<Integer, Long> stored =
                        ChangeLogPositions.progress(target, pipeline).nextOffsets();
                for (TopicPartition partition : partitions) {
                    Long next = stored.get(partition.partition());
                    if (next != null) {
                        consumer.seek(partition, next);
                    }
                }
            } catch (SQLException e) {
                // The group's committed offsets are never ahead of the target: resuming from them
                // repeats events the version guard then skips.
                log.warn(
                        "applier of {}: positions unreadable ({}); resuming from the group's offsets",
                        pipeline,
                        e.getMessage());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
    }
}
