package dev.molt.replicator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.pipeline.DrainTimeoutException;
import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.PipelineStatus;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import dev.molt.replicator.support.KafkaBroker;
import dev.molt.replicator.support.ShopDatabases;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Both pipelines on the Kafka transport, against a real broker: capture publishes to the change
 * log, two appliers of one consumer group split its partitions, and the drain, verification,
 * status and a broker restart behave as on the direct transport.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class KafkaTransportIntegrationTests {

    static final KafkaBroker broker = KafkaBroker.shared();
    static final String GROUP = "molt-transport-test-forward";
    static final ShopDatabases shop = ShopDatabases.create("kafka");

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        shop.register(registry);
        registry.add("molt.transport", () -> "kafka");
        registry.add("molt.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("molt.kafka.appliers", () -> "2");
        // The broker is shared with the other Kafka tests: topics and groups of this class's own.
        for (String pipeline : List.of("forward", "reverse")) {
            String prefix = "molt.replicator.pipelines." + pipeline + ".kafka.";
            registry.add(prefix + "topic", () -> "molt.transport-test." + pipeline + ".changes");
            registry.add(prefix + "group-id", () -> "molt-transport-test-" + pipeline);
        }
    }

    @Autowired
    ReplicationPipelines pipelines;

    @AfterEach
    void stopPipelines() {
        for (ReplicationPipeline pipeline : pipelines.all()) {
            if (pipeline.state() != PipelineState.STOPPED) {
                pipeline.stop();
            }
        }
    }

    private ReplicationPipeline streaming(String name) {
        ReplicationPipeline pipeline = pipelines.get(name);
        pipeline.start();
        await(name + " caught up over Kafka")
                .atMost(Duration.ofSeconds(60))
                .until(() -> pipeline.state() == PipelineState.STREAMING
                        && pipeline.status().caughtUpAt() != null);
        return pipeline;
    }

    @Test
    void twoAppliersSplitThePartitionsAndKeepEveryRowsOrder() throws Exception {
        shop.insertSquids(2_000);
        ReplicationPipeline forward = streaming("forward");
        Set<Long> deleted = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(
                () -> shop.writeRandomly(writing, deleted, 3_000, 2_000, Duration.ofSeconds(90)), "squid-writer");
        writer.start();
        writer.join(Duration.ofSeconds(120).toMillis());
        writing.set(false);

        forward.drain(Duration.ofSeconds(30));

        assertThat(shop.differences()).isEmpty();
        assertThat(shop.squidSeafood().keySet()).doesNotContainAnyElementsOf(deleted);
        PipelineStatus status = forward.status();
        assertThat(status.transport()).isEqualTo("kafka");
        assertThat(status.changeLog().partitionsApplied()).isEqualTo(4);
        assertThat(status.changeLog().appliers()).isEqualTo(2);
        await("consumer lag measured as zero")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(forward.status().changeLog().consumerLag()).isZero());
        assertThat(status.snapshot().completed()).isTrue();
        assertThat(assignments(GROUP))
                .as("each applier of the group holds partitions of its own")
                .hasSize(2)
                .allSatisfy(partitions -> assertThat(partitions).isNotEmpty());
    }

    @Test
    void drainWaitsForEveryPartitionAndVerificationComparesThroughTheMapping() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        long id = shop.insertSquid("Drained", 4_000, 7, "Jeju");
        shop.updateSquidPrice(id, 4_100);

        forward.drain(Duration.ofSeconds(10));

        assertThat(shop.squidSeafood().get(id)).isEqualTo(shop.squidsAsSeafood().get(id));
        assertThat(pipelines.verify("forward", 50).equal()).isTrue();
        forward.pause();
        long paused = shop.insertSquid("Paused", 10, 1, null);
        assertThatThrownBy(() -> forward.drain(Duration.ofMillis(300))).isInstanceOf(DrainTimeoutException.class);
        assertThat(shop.squidSeafood()).doesNotContainKey(paused);
        forward.resume();
        forward.drain(Duration.ofSeconds(10));
        assertThat(shop.squidSeafood()).containsKey(paused);
    }

    @Test
    void forwardAndReverseTogetherReplicateBothWaysWithoutEchoLoops() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        ReplicationPipeline reverse = streaming("reverse");
        long id = shop.insertSquid("Both ways", 3_000, 5, "Ulleung");
        forward.drain(Duration.ofSeconds(10));
        shop.executeNew(
                "UPDATE seafood SET stock_quantity = 9, version = version + 1, updated_at = NOW(6) WHERE id = ?", id);
        reverse.drain(Duration.ofSeconds(10));
        forward.drain(Duration.ofSeconds(10));
        reverse.drain(Duration.ofSeconds(10));

        assertThat(shop.squidsAsSeafood().get(id).get(5)).isEqualTo(BigDecimal.valueOf(9));
        assertThat(shop.squidsAsSeafood().get(id).get(8))
                .as("version after the echo")
                .isEqualTo(BigDecimal.valueOf(2));
        assertThat(shop.squidSeafood()).isEqualTo(shop.squidsAsSeafood());
    }

    @Test
    void aBrokerRestartMidStreamLosesNothing() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        Set<Long> deleted = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(
                () -> shop.writeRandomly(writing, deleted, 4_000, 2_000, Duration.ofSeconds(90)), "squid-writer");
        writer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> forward.status().eventsPerSecond() > 0);

        broker.restart();

        writer.join(Duration.ofSeconds(120).toMillis());
        forward.drain(Duration.ofSeconds(60));
        assertThat(shop.differences()).isEmpty();
        assertThat(shop.squidSeafood().keySet()).doesNotContainAnyElementsOf(deleted);
        assertThat(forward.state()).isEqualTo(PipelineState.STREAMING);
    }

    private static List<Set<Integer>> assignments(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .map(MemberDescription::assignment)
                    .map(assignment -> {
                        Set<Integer> partitions = new HashSet<>();
                        for (TopicPartition partition : assignment.topicPartitions()) {
                            partitions.add(partition.partition());
                        }
                        return partitions;
                    })
                    .toList();
        }
    }
}
