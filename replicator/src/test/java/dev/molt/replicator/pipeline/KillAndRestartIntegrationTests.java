package dev.molt.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.support.ReplicatorProcess;
import dev.molt.replicator.support.ShopDatabases;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The replicator killed with SIGKILL at random moments, during the snapshot and while streaming
 * under writes, then restarted: NEW must end up equal to OLD through the mapping.
 */
class KillAndRestartIntegrationTests {

    private static final int KILLS_DURING_SNAPSHOT = 3;
    private static final int KILLS_WHILE_STREAMING = 7;

    @Test
    void killNineDuringSnapshotAndStreamingLosesDuplicatesAndResurrectsNothing() throws Exception {
        ShopDatabases shop = ShopDatabases.create("kill");
        shop.insertSquids(20_000);
        List<String> arguments = new ArrayList<>(shop.arguments());
        arguments.add("--molt.replicator.pipelines.forward.auto-start=true");
        arguments.add("--molt.replicator.pipelines.forward.batch-size=500");
        var log = ReplicatorProcess.logFile("kill");
        Set<Long> deleted = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(
                () -> shop.writeRandomly(writing, deleted, 100_000, 6_000, Duration.ofSeconds(150)), "squid-writer");

        int killsDuringSnapshot = 0;
        for (int kill = 0; kill < KILLS_DURING_SNAPSHOT + KILLS_WHILE_STREAMING; kill++) {
            if (kill == KILLS_DURING_SNAPSHOT) {
                writer.start();
            }
            String before = offset(shop);
            try (ReplicatorProcess replicator = ReplicatorProcess.start(arguments, log)) {
                // A replicator JVM may take half a minute to start when the two cores are shared.
                await("replicator " + kill + " applies")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> !offset(shop).equals(before));
                if (kill < KILLS_DURING_SNAPSHOT && !snapshotCompleted(shop)) {
                    killsDuringSnapshot++;
                }
                if (kill == KILLS_DURING_SNAPSHOT) {
                    await("snapshot completes")
                            .atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> snapshotCompleted(shop));
                }
                shop.awaitAppliedBatches(ThreadLocalRandom.current().nextInt(1, 7));
                replicator.kill();
                assertThat(replicator.isAlive()).isFalse();
            }
        }
        writing.set(false);
        writer.join(30_000);

        try (ReplicatorProcess last = ReplicatorProcess.start(arguments, log)) {
            await("NEW equals OLD through the mapping")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(shop.differences()).isEmpty());
        }
        assertThat(killsDuringSnapshot).as("kills that hit the snapshot").isPositive();
        assertThat(deleted).isNotEmpty();
        assertThat(shop.squidSeafood().keySet()).doesNotContainAnyElementsOf(deleted);
    }

    private static String offset(ShopDatabases shop) throws SQLException {
        return shop.queryNew("SELECT offset_value FROM molt_replication_offset WHERE pipeline = 'forward'");
    }

    private static boolean snapshotCompleted(ShopDatabases shop) throws SQLException {
        return "1"
                .equals(shop.queryNew(
                        "SELECT snapshot_completed FROM molt_replication_offset WHERE pipeline = 'forward'"));
    }
}
