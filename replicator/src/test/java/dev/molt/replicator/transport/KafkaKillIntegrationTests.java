package dev.molt.replicator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.support.KafkaBroker;
import dev.molt.replicator.support.ReplicatorProcess;
import dev.molt.replicator.support.ShopDatabases;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * The Kafka transport with capture and two appliers in processes of their own: the capture killed
 * with SIGKILL at random moments during the snapshot and while streaming, then, separately, one
 * of the appliers. NEW must end up equal to OLD through the mapping.
 */
class KafkaKillIntegrationTests {

    private static final int CAPTURE_KILLS_DURING_SNAPSHOT = 2;
    private static final int CAPTURE_KILLS_WHILE_STREAMING = 2;
    private static final int APPLIER_KILLS = 4;
    private static final String GROUP = "molt-kill-test-forward";

    @Test
    void killNineOfCaptureAndOfAnApplierLosesDuplicatesAndResurrectsNothing() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        ShopDatabases shop = ShopDatabases.create("kafkakill");
        shop.insertSquids(20_000);
        List<String> common = new ArrayList<>(shop.arguments());
        common.add("--molt.transport=kafka");
        common.add("--molt.kafka.bootstrap-servers=" + broker.bootstrapServers());
        // The broker is shared with the other Kafka tests: a topic and a group of this test's own.
        common.add("--molt.replicator.pipelines.forward.kafka.topic=molt.kill-test.forward.changes");
        common.add("--molt.replicator.pipelines.forward.kafka.group-id=" + GROUP);
        common.add("--molt.replicator.pipelines.forward.auto-start=true");
        common.add("--molt.replicator.pipelines.forward.batch-size=500");
        List<String> capture = with(common, "--molt.replicator.pipelines.forward.kafka.appliers=0");
        List<String> applier = with(common, "--molt.replicator.pipelines.forward.kafka.capture=false");
        Path log = ReplicatorProcess.logFile("kafka-kill");
        Set<Long> deleted = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(
                () -> shop.writeRandomly(writing, deleted, 100_000, 6_000, Duration.ofSeconds(240)), "squid-writer");

        List<ReplicatorProcess> appliers = new ArrayList<>();
        try {
            appliers.add(ReplicatorProcess.start(applier, log));
            appliers.add(ReplicatorProcess.start(applier, log));
            int killsDuringSnapshot = 0;
            for (int kill = 0; kill < CAPTURE_KILLS_DURING_SNAPSHOT + CAPTURE_KILLS_WHILE_STREAMING; kill++) {
                if (kill == CAPTURE_KILLS_DURING_SNAPSHOT) {
                    writer.start();
                }
                String before = captured(shop);
                try (ReplicatorProcess replicator = ReplicatorProcess.start(capture, log)) {
                    await("capture " + kill + " publishes")
                            .atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> !captured(shop).equals(before));
                    if (kill < CAPTURE_KILLS_DURING_SNAPSHOT && !shop.forwardSnapshotCompleted()) {
                        killsDuringSnapshot++;
                    }
                    if (kill == CAPTURE_KILLS_DURING_SNAPSHOT) {
                        await("snapshot completes")
                                .atMost(Duration.ofSeconds(90))
                                .pollInterval(Duration.ofMillis(100))
                                .until(() -> shop.forwardSnapshotCompleted());
                    }
                    shop.awaitAppliedBatches(ThreadLocalRandom.current().nextInt(1, 7));
                    replicator.kill();
                    assertThat(replicator.isAlive()).isFalse();
                }
            }
            assertThat(killsDuringSnapshot)
                    .as("capture kills that hit the snapshot")
                    .isPositive();

            try (ReplicatorProcess running = ReplicatorProcess.start(capture, log)) {
                for (int kill = 0; kill < APPLIER_KILLS; kill++) {
                    long appliedBefore = applied(shop);
                    await("both appliers in the group")
                            .atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> members(broker) == 2 && applied(shop) > appliedBefore);
                    awaitAppliedRecords(shop, ThreadLocalRandom.current().nextLong(1, 60));
                    ReplicatorProcess killed = appliers.remove(appliers.size() - 1);
                    killed.kill();
                    assertThat(killed.isAlive()).isFalse();
                    appliers.add(ReplicatorProcess.start(applier, log));
                }
                writing.set(false);
                writer.join(30_000);
                await("NEW equals OLD through the mapping")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(shop.differences()).isEmpty());
            }
        } finally {
            writing.set(false);
            for (ReplicatorProcess process : appliers) {
                process.close();
            }
        }
        assertThat(deleted).isNotEmpty();
        assertThat(shop.squidSeafood().keySet()).doesNotContainAnyElementsOf(deleted);
    }

    private static List<String> with(List<String> arguments, String more) {
        List<String> all = new ArrayList<>(arguments);
        all.add(more);
        return all;
    }

    /**
     * Waits until the appliers stored that many more change log records (each partition carries
     * a heartbeat about every 100 ms): the kill lands after that many applied records.
     */
    private static void awaitAppliedRecords(ShopDatabases shop, long records) throws SQLException {
        long before = applied(shop);
        await("applied " + records + " more records")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> applied(shop) >= before + records);
    }

    private static int members(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(GROUP))
                    .all()
                    .get()
                    .get(GROUP)
                    .members()
                    .size();
        }
    }

    /** The capture's stored source offset (it stores it once Kafka acknowledged the batch). */
    private static String captured(ShopDatabases shop) throws SQLException {
        return shop.queryNew("SELECT offset_value FROM molt_replication_offset WHERE pipeline = 'forward'");
    }

    /** Change log records applied over all partitions, as the appliers store it with the rows. */
    private static long applied(ShopDatabases shop) throws SQLException {
        String sum = shop.queryNew("SELECT SUM(next_offset) FROM molt_changelog_position WHERE pipeline = 'forward'");
        return sum == null || sum.isEmpty() ? 0 : Long.parseLong(sum);
    }
}
