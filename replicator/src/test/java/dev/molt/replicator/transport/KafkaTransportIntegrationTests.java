package dev.molt.replicator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.pipeline.DrainTimeoutException;
import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.PipelineStatus;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import dev.molt.replicator.support.KafkaBroker;
import dev.molt.replicator.support.ShopDatabases;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
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

    @Test
    void everyShopValueRoundTripsExactlyThroughTheCompactLogAndSchemaFulRecordsStillApply() throws Exception {
        ReplicationPipeline forward = streaming("forward");
        long squid = shop.insertSquid("오징어 🦑 'Ojingeo' \\ \"", 2_147_483_647, 0, null);
        shop.executeOld(
                "UPDATE squid SET updated_at = '2026-12-01 03:04:05.000001', version = version + 1 WHERE id = ?",
                squid);
        long gone = shop.insertSquid("Gone", 10, 1, "Jeju");
        shop.deleteSquid(gone);
        forward.drain(Duration.ofSeconds(10));

        assertThat(shop.differences()).isEmpty();
        assertThat(shop.squidSeafood()).doesNotContainKey(gone);
        assertThat(shop.queryNew("SELECT CONCAT_WS('|', display_name, price_amount, stock_quantity,"
                        + " COALESCE(catch_area, 'NULL'), updated_at, version) FROM seafood WHERE id = " + squid))
                .isEqualTo("오징어 🦑 'Ojingeo' \\ \"|2147483647.00|0|NULL|2026-12-01 03:04:05.000001|2");
        assertThat(lastValueIn(forward.status().changeLog().topic()))
                .as("the capture writes compact events")
                .doesNotContain("\"schema\"")
                .contains("\"after\"");

        long upgraded = 900_000_001L;
        Struct row = new Struct(SEAFOOD_ROW)
                .put("id", upgraded)
                .put("category", "SQUID")
                .put("display_name", "Written before the upgrade ü")
                .put("price_amount", new BigDecimal("12.30"))
                .put("price_currency", "KRW")
                .put("stock_quantity", 3)
                .put("catch_area", null)
                .put("updated_at", 1_764_558_245_123_456L)
                .put("version", 1L);
        Struct envelope = new Struct(SEAFOOD_ENVELOPE)
                .put("after", row)
                .put("source", new Struct(SEAFOOD_SOURCE).put("table", "squid"))
                .put("op", "c");
        try (ChangeLogPublisher schemaFul = new ChangeLogPublisher(
                "forward",
                new ReplicatorProperties.Kafka(
                        broker.bootstrapServers(),
                        forward.status().changeLog().topic(),
                        4,
                        (short) 1,
                        true,
                        0,
                        "",
                        ReplicatorProperties.EventFormat.SCHEMAS))) {
            schemaFul.publish(List.of(new SourceRecord(
                    Map.of(),
                    Map.of(),
                    forward.status().changeLog().topic(),
                    1,
                    null,
                    null,
                    SEAFOOD_ENVELOPE,
                    envelope)));
        }
        await("the schema-ful record applied")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !shop.queryNew("SELECT id FROM seafood WHERE id = " + upgraded)
                        .isEmpty());
        assertThat(shop.queryNew("SELECT CONCAT_WS('|', display_name, price_amount, COALESCE(catch_area, 'NULL'),"
                        + " updated_at, version) FROM seafood WHERE id = " + upgraded))
                .isEqualTo("Written before the upgrade ü|12.30|NULL|2025-12-01 03:04:05.123456|1");
        assertThat(forward.state()).isEqualTo(PipelineState.STREAMING);
        shop.executeNew("DELETE FROM seafood WHERE id = ?", upgraded);
    }

    static final Schema SEAFOOD_ROW = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("category", Schema.STRING_SCHEMA)
            .field("display_name", Schema.STRING_SCHEMA)
            .field("price_amount", Decimal.builder(2).build())
            .field("price_currency", Schema.STRING_SCHEMA)
            .field("stock_quantity", Schema.INT32_SCHEMA)
            .field("catch_area", Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                    "updated_at",
                    SchemaBuilder.int64()
                            .name("io.debezium.time.MicroTimestamp")
                            .build())
            .field("version", Schema.INT64_SCHEMA)
            .optional()
            .build();
    static final Schema SEAFOOD_SOURCE =
            SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA).build();
    static final Schema SEAFOOD_ENVELOPE = SchemaBuilder.struct()
            .field("before", SEAFOOD_ROW)
            .field("after", SEAFOOD_ROW)
            .field("source", SEAFOOD_SOURCE)
            .field("op", Schema.STRING_SCHEMA)
            .build();

    /** The value of the newest record of the topic's partitions, as text. */
    private static String lastValueIn(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seek(
                    partition,
                    Math.max(0, consumer.endOffsets(List.of(partition)).get(partition) - 1));
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(5));
            assertThat(records.isEmpty()).as("a record in " + topic).isFalse();
            return new String(records.iterator().next().value(), StandardCharsets.UTF_8);
        }
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
