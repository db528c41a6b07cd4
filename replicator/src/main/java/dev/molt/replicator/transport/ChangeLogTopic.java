package dev.molt.replicator.transport;

import dev.molt.replicator.apply.TargetUnavailableException;
import dev.molt.replicator.config.ReplicatorProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** The change log topic of a pipeline: created where absent, and its partitions' end offsets. */
public final class ChangeLogTopic implements AutoCloseable {

    private static final long TIMEOUT_MS = 5_000;

    private final String name;
    private final ReplicatorProperties.Kafka kafka;
    private final Admin admin;

    public ChangeLogTopic(String pipeline, ReplicatorProperties.Kafka kafka) {
        this.name = kafka.topicOf(pipeline);
        this.kafka = kafka;
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "molt-" + pipeline + "-admin");
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        this.admin = Admin.create(settings);
    }

    public String name() {
        return name;
    }

    /**
     * Creates the topic with the configured partitions, unless it exists. An existing topic with
     * another partition count is refused: keys would move between partitions, and with them the
     * order of a row's events.
     */
    public void ensure() throws TargetUnavailableException {
        try {
            await(admin.createTopics(List.of(new NewTopic(name, kafka.partitions(), kafka.replicationFactor())))
                    .all());
        } catch (TargetUnavailableException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        int partitions = await(admin.describeTopics(List.of(name)).allTopicNames())
                .get(name)
                .partitions()
                .size();
        if (partitions != kafka.partitions()) {
            throw new IllegalStateException("the change log topic " + name + " has " + partitions
                    + " partitions, the pipeline is configured for " + kafka.partitions());
        }
    }

    /** The next offset of every partition, i.e. how many records each has ever held. */
    public Map<Integer, Long> endOffsets() throws TargetUnavailableException {
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (int partition = 0; partition < kafka.partitions(); partition++) {
            wanted.put(new TopicPartition(name, partition), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        await(admin.listOffsets(wanted).all())
                .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
        return ends;
    }

    /** The answer of an admin call, or why Kafka gave none in time (an error's cause is Kafka's). */
    private <T> T await(KafkaFuture<T> answer) throws TargetUnavailableException {
        try {
            return answer.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    private TargetUnavailableException unreachable(Throwable cause) {
        return new TargetUnavailableException(
                "Kafka unreachable at " + kafka.bootstrapServers() + ": " + cause.getMessage(), cause);
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
