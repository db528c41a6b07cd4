package dev.molt.replicator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.replicator.capture.OffsetCodec;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * A copied chunk locks the rows it writes, not the target's key space around them: another writer
 * (the stream, another copy worker) inserting next to it, above its last key, goes on at once.
 */
class CopyWriteIntegrationTests {

    private static final List<String> COLUMNS = List.of(
            "id",
            "category",
            "display_name",
            "price_amount",
            "price_currency",
            "stock_quantity",
            "catch_area",
            "updated_at",
            "version");

    @Test
    void aChunkBeingCopiedLeavesTheKeysAboveItOpenToAnotherWriter() throws Exception {
        ShopDatabases shop = ShopDatabases.create("copy_gap");
        MariaDbDataSource target = dataSource(shop.neu());
        BatchApplier.prepare(target);
        BatchApplier copier = new BatchApplier(
                target,
                "forward",
                "seafood",
                "id",
                "version",
                new OffsetCodec("forward"),
                Writers.COPY,
                Map.of("category", "SQUID"));
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            Future<BatchApplier.Applied> copy = worker.submit(() -> copier.copy(squids(1, 100), connection -> {
                written.countDown();
                awaitQuietly(release);
            }));
            assertThat(written.await(30, TimeUnit.SECONDS))
                    .as("chunk written, not committed")
                    .isTrue();

            try (Connection other = target.getConnection();
                    Statement statement = other.createStatement()) {
                statement.execute("SET SESSION innodb_lock_wait_timeout = 1");
                statement.executeUpdate("INSERT INTO seafood (id, category, display_name, price_amount,"
                        + " stock_quantity, updated_at, version) VALUES (5000, 'FISH', 'Mackerel', 1, 1, NOW(6), 1)");
            } finally {
                release.countDown();
            }

            assertThat(copy.get(30, TimeUnit.SECONDS).upserts()).isEqualTo(100);
            assertThat(shop.queryNew("SELECT COUNT(*) FROM seafood WHERE category = 'SQUID'"))
                    .isEqualTo("100");
        } finally {
            release.countDown();
            worker.shutdownNow();
        }
    }

    @Test
    void aChunkSentInSeveralCommandsThatMeetsAStreamedRowInItsLastOneKeepsThatRowAndCopiesTheRest() throws Exception {
        ShopDatabases shop = ShopDatabases.create("copy_commands");
        MariaDbDataSource target = dataSource(shop.neu());
        BatchApplier.prepare(target);
        shop.executeNew("INSERT INTO seafood (id, category, display_name, price_amount, stock_quantity, updated_at,"
                + " version) VALUES (7990, 'SQUID', 'Streamed newer', 1, 1, NOW(6), 2)");
        BatchApplier copier = new BatchApplier(
                target,
                "forward",
                "seafood",
                "id",
                "version",
                new OffsetCodec("forward"),
                Writers.COPY,
                Map.of("category", "SQUID"));
        CopiedRows rows = squids(1, 8_000);
        assertThat(8_000 * 80).as("the chunk's bytes, a few commands' worth").isGreaterThan(BulkInsert.COMMAND_BYTES);

        copier.copy(rows, connection -> {});

        assertThat(shop.queryNew("SELECT COUNT(*) FROM seafood WHERE category = 'SQUID'"))
                .isEqualTo("8000");
        assertThat(shop.queryNew("SELECT display_name FROM seafood WHERE id = 7990"))
                .isEqualTo("Streamed newer");
        assertThat(shop.queryNew("SELECT display_name FROM seafood WHERE id = 8000"))
                .isEqualTo("squid 8000");
    }

    private static CopiedRows squids(long first, long last) {
        CopiedRows rows = new CopiedRows(COLUMNS, "id", "version", (int) (last - first + 1));
        LocalDateTime now = LocalDateTime.of(2026, 12, 1, 6, 0);
        for (long id = first; id <= last; id++) {
            rows.add(new Object[] {id, "SQUID", "squid " + id, BigDecimal.TEN, "KRW", 1, null, now, 1L});
        }
        return rows;
    }

    private static void awaitQuietly(CountDownLatch latch) throws SQLException {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
    }

    private static MariaDbDataSource dataSource(TestDatabase db) throws SQLException {
        MariaDbDataSource dataSource = new MariaDbDataSource(db.jdbcUrl());
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        return dataSource;
    }
}
