package dev.molt.replicator.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.replicator.verify.VerificationProgress;
import dev.molt.replicator.verify.VerificationReport;
import dev.molt.replicator.verify.Verifier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The copy of the existing rows writes rows the target does not hold as plain bulk inserts and the
 * others through the version-guarded upsert: what the target already holds decides, row by row,
 * and neither path may overwrite a newer version, bring back a buried row or round a value.
 */
class SnapshotCopyIntegrationTests {

    private static final int BATCH_SIZE = 512;

    @Test
    void copyKeepsNewerTargetRowsReplacesOlderOnesLeavesBuriedOnesAndInsertsTheRest() throws Exception {
        ShopDatabases shop = ShopDatabases.create("copy_split");
        shop.insertSquids(5_000);
        BatchApplier.prepare(dataSource(shop.neu()));
        shop.executeNew(aSeafood(10, "Streamed newer", 2));
        shop.executeNew(aSeafood(3_000, "Stale", 0));
        shop.executeNew(
                "INSERT INTO " + BatchApplier.TOMBSTONES + " (table_name, row_key, version) VALUES (?, ?, ?)",
                "seafood",
                "4000",
                1);
        ReplicationPipeline forward = copied(shop);
        try {
            Map<Long, List<Object>> expected = shop.squidsAsSeafood();
            Map<Long, List<Object>> actual = shop.squidSeafood();
            assertThat(actual.get(10L)).contains("Streamed newer");
            assertThat(actual).doesNotContainKey(4_000L);
            assertThat(actual.get(3_000L)).isEqualTo(expected.get(3_000L));
            expected.remove(10L);
            expected.remove(4_000L);
            actual.remove(10L);
            assertThat(actual).hasSize(4_998).isEqualTo(expected);
            assertThat(forward.status().snapshot().rowsCopied()).isEqualTo(5_000);
        } finally {
            forward.close();
        }
    }

    /**
     * A {@code DATETIME} holds no zone, so {@code 02:30} on the night the clocks of New York spring
     * forward is a value like any other; a replicator whose JVM runs in that zone must copy it as
     * stored (the driver's own {@code LocalDateTime} made it {@code 03:30}), and its verification
     * must tell the two apart.
     */
    @Test
    void aTimeInTheDaylightSavingGapOfTheJvmsZoneIsCopiedAsStoredAndVerifiedAsSuch() throws Exception {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            ShopDatabases shop = ShopDatabases.create("copy_gap");
            shop.insertSquids(300);
            shop.executeOld("UPDATE squid SET updated_at = '2026-03-08 02:30:00.250000'");
            ReplicationPipeline forward = copied(shop);
            try {
                assertThat(shop.queryNew("SELECT GROUP_CONCAT(DISTINCT CAST(updated_at AS CHAR)) FROM seafood"))
                        .isEqualTo("2026-03-08 02:30:00.250000");
                assertThat(shop.countSeafood()).isEqualTo(300);
                forward.pause();
                long shifted = Long.parseLong(shop.queryNew("SELECT MAX(id) FROM seafood"));
                shop.executeNew("UPDATE seafood SET updated_at = '2026-03-08 03:30:00.250000' WHERE id = ?", shifted);

                VerificationReport report;
                try (Connection old = shop.old().connect();
                        Connection neu = shop.neu().connect()) {
                    report = new Verifier(
                                    RowMapping.of(
                                            shop.forwardPipeline(BATCH_SIZE).mapping()),
                                    new VerificationProgress())
                            .verify(old, neu, 100, () -> {});
                }
                assertThat(report.equal()).isFalse();
                assertThat(report.different()).containsExactly(shifted);
            } finally {
                forward.close();
            }
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void copyRefusesARowTheTargetWouldRoundNamingRowAndColumn() throws Exception {
        ShopDatabases shop = ShopDatabases.create("copy_refused");
        shop.executeNew("INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at,"
                + " version) SELECT seq, 'SQUID', CONCAT('squid ', seq), 100, 1, NOW(6), 1 FROM seq_1_to_2000");
        shop.executeNew("UPDATE seafood SET price_amount = 12.50 WHERE id = 1500");
        ReplicationPipeline reverse =
                new ReplicationPipeline("reverse", reverseWithCopy(shop), new SimpleMeterRegistry());
        try {
            reverse.start();
            await("copy refused").atMost(Duration.ofSeconds(60)).until(() -> reverse.state() == PipelineState.FAILED);

            assertThat(reverse.status().reason())
                    .contains("id=1500")
                    .contains("column price ")
                    .contains("12.5");
            assertThat(shop.squidsAsSeafood()).doesNotContainKey(1_500L);
            assertThat(reverse.status().snapshot().completed()).isFalse();
        } finally {
            reverse.close();
        }
        assertThat(ManagementFactory.getPlatformMBeanServer()
                        .queryNames(new ObjectName("debezium.*:server=reverse,*"), null))
                .as("metrics of the failed pipeline's engine, which a later engine of its name could not register")
                .isEmpty();
    }

    @Test
    void copyRefusesASquidWhoseIdHoldsAnotherCategoryAndLeavesThatRowAlone() throws Exception {
        ShopDatabases shop = ShopDatabases.create("copy_scope");
        shop.insertSquids(1_000);
        shop.executeNew(aSeafood(700, "Mackerel", 1).replace("'SQUID'", "'FISH'"));
        ReplicationPipeline forward =
                new ReplicationPipeline("forward", shop.forwardPipeline(BATCH_SIZE), new SimpleMeterRegistry());
        try {
            forward.start();
            await("copy refused").atMost(Duration.ofSeconds(60)).until(() -> forward.state() == PipelineState.FAILED);

            assertThat(forward.status().reason()).contains("id=700").contains("category = 'SQUID'");
            assertThat(shop.queryNew("SELECT CONCAT(category, ' ', display_name) FROM seafood WHERE id = 700"))
                    .isEqualTo("FISH Mackerel");
            assertThat(forward.status().snapshot().completed()).isFalse();
        } finally {
            forward.close();
        }
    }

    private static String aSeafood(long id, String name, long version) {
        return "INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at, version)"
                + " VALUES (" + id + ", 'SQUID', '" + name + "', 1, 1, NOW(6), " + version + ")";
    }

    /** NEW's SQUID rows copied back into OLD, as the reverse pipeline would with a snapshot. */
    private static ReplicatorProperties.Pipeline reverseWithCopy(ShopDatabases shop) {
        ReplicatorProperties.Pipeline forward = shop.forwardPipeline(BATCH_SIZE);
        return new ReplicatorProperties.Pipeline(
                forward.target(),
                forward.source(),
                Map.of(
                        "source.table", "seafood",
                        "target.table", "squid",
                        "columns",
                                "id,display_name:name,price_amount:price,stock_quantity:stock,catch_area:origin,"
                                        + "updated_at,version",
                        "filter.category", "SQUID"),
                false,
                ReplicatorProperties.SnapshotMode.INITIAL,
                5402,
                BATCH_SIZE,
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                forward.retry(),
                shop.history().resolve("reverse-" + shop.neu().name() + ".dat").toString(),
                forward.transport(),
                forward.kafka(),
                forward.tuning(),
                forward.copy());
    }

    /** The forward pipeline between the shop's databases, started, once its copy has completed. */
    private static ReplicationPipeline copied(ShopDatabases shop) {
        ReplicationPipeline forward =
                new ReplicationPipeline("forward", shop.forwardPipeline(BATCH_SIZE), new SimpleMeterRegistry());
        try {
            forward.start();
            await("copy completed")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> forward.status().snapshot().completed());
            return forward;
        } catch (RuntimeException | Error e) {
            forward.close();
            throw e;
        }
    }

    private static MariaDbDataSource dataSource(dev.molt.testsupport.TestDatabase db) throws Exception {
        MariaDbDataSource dataSource = new MariaDbDataSource(db.jdbcUrl());
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        return dataSource;
    }
}
