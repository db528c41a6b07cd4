package dev.molt.replicator.bench;

import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.RestartableDatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How far the target's inserts scale on this machine: the same plain batched JDBC insert of the
 * mapped rows into NEW's {@code seafood} (on a server of its own), by one thread and by two
 * threads at once on the two halves of the keys, with 1,000 and 10,000 rows a batch and a commit,
 * and by one thread in the shape the copy writes (batches of 6,000 rows, about {@code
 * BulkInsert.COMMAND_BYTES}, and a commit every 18,000, about a chunk of {@code
 * copy.max-chunk-rows}). The ceiling of any copy into one table, whatever its workers.
 *
 * <p>Last, one and two threads again into a {@code seafood} whose {@code id} has lost its {@code
 * AUTO_INCREMENT}: InnoDB keeps a table's AUTO_INCREMENT counter in the root page of its primary
 * key and latches that page while it inserts each row that gives the column a value, so that two
 * sessions inserting into such a table take turns for that part of every row (seen with {@code
 * perf}: much of the second writer's extra CPU is spent waiting for that latch). Arguments: rows
 * (default 1,000,000), rounds (2).
 */
public final class InsertScalingBench {

    /** Threads at once, rows a batch, rows a commit, and whether {@code seafood.id} keeps its AUTO_INCREMENT. */
    private record Variant(int threads, int batch, int commit, boolean autoIncrement) {}

    private static final List<Variant> VARIANTS = List.of(
            new Variant(1, 1000, 1000, true),
            new Variant(2, 1000, 1000, true),
            new Variant(1, 10_000, 10_000, true),
            new Variant(2, 10_000, 10_000, true),
            new Variant(1, 6000, 18_000, true),
            new Variant(1, 1000, 1000, false),
            new Variant(2, 1000, 1000, false));

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        TestDatabase old = DatabaseServer.newDatabase("scaling_old");
        RestartableDatabaseServer target = RestartableDatabaseServer.start("scaling-new");
        for (int round = 1; round <= rounds; round++) {
            for (Variant variant : VARIANTS) {
                int threads = variant.threads();
                int batch = variant.batch();
                int commit = variant.commit();
                boolean autoIncrement = variant.autoIncrement();
                ShopDatabases shop = ShopDatabases.of(old, target.database("scaling_new"));
                if (!autoIncrement) {
                    shop.executeNew("ALTER TABLE seafood MODIFY id BIGINT NOT NULL");
                }
                long[] cpu = ReplicatorBench.cpuNow();
                long t0 = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<Void>> inserting = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int from = t * rows / threads;
                    int to = (t + 1) * rows / threads;
                    inserting.add(pool.submit(() -> {
                        insert(shop.neu(), from, to, batch, commit);
                        return null;
                    }));
                }
                for (Future<Void> thread : inserting) {
                    thread.get();
                }
                pool.shutdown();
                System.out.printf(
                        "round %d, %d thread(s), %d rows a batch, %d a commit%s: %.0f rows/s%n",
                        round,
                        threads,
                        batch,
                        commit,
                        autoIncrement ? "" : ", id without AUTO_INCREMENT",
                        rows / ReplicatorBench.seconds(t0));
                ReplicatorBench.printCpu("  ", cpu, rows);
                target.execute("DROP DATABASE " + shop.neu().name());
            }
        }
        System.exit(0);
    }

    /** Ids {@code from + 1} to {@code to}, as {@code ReplicatorBench.insertSeafoods} writes them. */
    private static void insert(TestDatabase neu, int from, int to, int batch, int commit) throws Exception {
        try (Connection c = neu.connect();
                PreparedStatement insert = c.prepareStatement("INSERT INTO seafood (id, category, display_name,"
                        + " price_amount, price_currency, stock_quantity, catch_area, updated_at, version)"
                        + " VALUES (?, 'SQUID', ?, ?, 'KRW', ?, ?, ?, 1)")) {
            c.setAutoCommit(false);
            LocalDateTime now = LocalDateTime.now();
            for (int i = from; i < to; i++) {
                insert.setLong(1, i + 1);
                insert.setString(2, "squid " + i);
                insert.setBigDecimal(3, BigDecimal.valueOf(1000 + i));
                insert.setInt(4, i % 50);
                insert.setString(5, i % 3 == 0 ? null : "East Sea");
                insert.setObject(6, now);
                insert.addBatch();
                boolean commitNow = (i - from) % commit == commit - 1;
                if (commitNow || (i - from) % batch == batch - 1) {
                    insert.executeBatch();
                }
                if (commitNow) {
                    c.commit();
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }
}
