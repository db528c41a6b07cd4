package dev.molt.replicator.transport;

import dev.molt.replicator.apply.TargetUnavailableException;
import dev.molt.replicator.config.ReplicatorProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The capture side of the Kafka transport: publishes a batch of routed change events (topic and
 * partition already chosen by {@code mapping.ChangeLogRouting}) and returns only once the brokers
 * have acknowledged every one of them, so that the capture's source offset is stored only for
 * events that are in the log. A crash in between publishes some events twice, which the
 * appliers' version guard makes harmless.
 */
public final class ChangeLogPublisher implements AutoCloseable {

    private final ChangeLogFormat format;
    private final String bootstrapServers;
    private final Map<String, Object> settings = new HashMap<>();
    private KafkaProducer<byte[], byte[]> producer;

    public ChangeLogPublisher(String pipeline, ReplicatorProperties.Kafka kafka) {
        this.format = new ChangeLogFormat(kafka.format());
        this.bootstrapServers = kafka.bootstrapServers();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "molt-" + pipeline + "-capture");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotence keeps each partition in send order across the producer's own retries.
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // A record with its schema is ~3.3 KB of JSON, mostly the schema: large batches, compressed,
        // doubled the capture's rate over the defaults (16 KB, uncompressed) in TransportBench.
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(settings);
    }

    /**
     * Sends the events in order and waits for all acknowledgements.
     *
     * @throws TargetUnavailableException where Kafka did not acknowledge an event in time; the
     *     whole batch may be published again
     */
    public synchronized void publish(List<SourceRecord> events) throws TargetUnavailableException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        try {
            for (SourceRecord event : events) {
                sent.add(producer.send(new ProducerRecord<>(
                        event.topic(),
                        event.kafkaPartition(),
                        format.key(event.topic(), event.keySchema(), event.key()),
                        format.value(event.topic(), event.valueSchema(), event.value()))));
            }
            producer.flush();
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get();
            }
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (org.apache.kafka.common.KafkaException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    /** A producer that failed may be left in an error state: the next attempt gets a new one. */
    private TargetUnavailableException unreachable(Throwable cause) {
        producer.close(Duration.ZERO);
        producer = new KafkaProducer<>(settings);
        return new TargetUnavailableException(
                "Kafka unreachable at " + bootstrapServers + ": " + cause.getMessage(), cause);
    }

    @Override
    public synchronized void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
