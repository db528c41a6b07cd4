package dev.molt.replicator.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.molt.replicator.apply.BatchApplier;
import dev.molt.replicator.capture.EngineSettings;
import dev.molt.replicator.capture.SourceFlavour;
import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.replicator.verify.VerificationProgress;
import dev.molt.replicator.verify.VerificationReport;
import dev.molt.replicator.verify.Verifier;
import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The replicator's figures, not a test: snapshot rate against plain batched JDBC, backlog drain
 * rate, and commit-to-applied lag under a steady single-row write rate. Arguments: rows (default
 * 1,000,000), backlog events (100,000), writes per second (1,000), lag seconds (20).
 */
public final class ReplicatorBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int backlog = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;

        ShopDatabases plain = ShopDatabases.create("bench_plain");
        long t0 = System.nanoTime();
        plain.insertSquids(rows);
        double plainRate = rows / seconds(t0);
        System.out.printf("plain batched JDBC insert: %d rows in %.1f s = %.0f rows/s%n", rows, seconds(t0), plainRate);
        long[] cpu = cpuNow();
        t0 = System.nanoTime();
        insertSeafoods(plain, rows);
        double targetRate = rows / seconds(t0);
        System.out.printf(
                "plain batched JDBC insert into the target table (seafood): %d rows in %.1f s = %.0f rows/s%n",
                rows, seconds(t0), targetRate);
        printCpu("plain insert into seafood", cpu, rows);

        double debeziumRate = debeziumOnly(plain, Math.min(rows, 200_000));
        System.out.printf(
                "Debezium's snapshot + mapping SMT, no apply (first %d rows): %.0f rows/s (%.2f of plain JDBC)%n",
                Math.min(rows, 200_000), debeziumRate, debeziumRate / plainRate);

        ShopDatabases shop = ShopDatabases.create("bench");
        shop.insertSquids(rows);
        ReplicationPipeline forward =
                new ReplicationPipeline("forward", shop.forwardPipeline(2048), new SimpleMeterRegistry());
        t0 = System.nanoTime();
        cpu = cpuNow();
        ThreadCpu threads = new ThreadCpu();
        forward.start();
        while (!forward.status().snapshot().completed()
                || forward.status().snapshot().rowsCopied() < rows) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        double snapshotRate = rows / seconds(t0);
        printCpu("pipeline snapshot", cpu, rows);
        System.out.println("pipeline snapshot JVM CPU per row by thread: " + threads.perRow(rows));
        System.out.printf(
                "snapshot: %d rows in %.1f s = %.0f rows/s (%.2f of plain JDBC, %.2f of plain JDBC into seafood)%n",
                rows, seconds(t0), snapshotRate, snapshotRate / plainRate, snapshotRate / targetRate);

        forward.pause();
        t0 = System.nanoTime();
        VerificationReport verified;
        try (Connection old = shop.old().connect();
                Connection neu = shop.neu().connect()) {
            verified = new Verifier(RowMapping.of(shop.forwardPipeline(2048).mapping()), new VerificationProgress())
                    .verify(old, neu, 1000, () -> {});
        }
        double verifyRate = verified.rowsCompared() / seconds(t0);
        System.out.printf(
                "verification (checksums): %d rows in %.1f s = %.0f rows/s (%.1fx the snapshot), equal %s,"
                        + " %d chunks, %d rows read one by one%n",
                verified.rowsCompared(),
                seconds(t0),
                verifyRate,
                verifyRate / snapshotRate,
                verified.equal(),
                verified.chunks(),
                verified.rowsReadOneByOne());

        shop.insertSquids(backlog);
        t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        ThreadCpu backlogThreads = new ThreadCpu();
        forward.resume();
        forward.drain(Duration.ofMinutes(10));
        System.out.printf(
                "backlog: %d events in %.1f s = %.0f events/s%n", backlog, seconds(t0), backlog / seconds(t0));
        System.out.println("backlog JVM CPU per event by thread: " + backlogThreads.perRow(backlog));

        System.out.printf(
                "backlog CPU of this JVM: %.1f us per event (less sensitive to a busy machine than the rate)%n",
                (processCpuNanos() - cpu0) / 1000.0 / backlog);
        List<Long> lags = lag(shop, rate, seconds);
        Collections.sort(lags);
        System.out.printf(
                "lag under %d writes/s for %d s (%d writes): p50 %d ms, p99 %d ms, max %d ms%n",
                rate,
                seconds,
                lags.size(),
                lags.get(lags.size() / 2),
                lags.get(lags.size() * 99 / 100),
                lags.get(lags.size() - 1));
        forward.close();
        lagDuringCopy(rows, rate, Math.min(seconds, 5), lags.get(lags.size() * 99 / 100));
        System.exit(0);
    }

    /**
     * The stream's lag at the same write rate while a copy of {@code rows} rows runs beside it,
     * against the p99 measured without a copy: the copy's throttle keeps the stream first.
     */
    private static void lagDuringCopy(int rows, int rate, int seconds, long p99WithoutCopy) throws Exception {
        ShopDatabases shop = ShopDatabases.create("bench_copylag");
        shop.insertSquids(rows);
        long watermark;
        try (Connection c = shop.old().connect();
                var s = c.createStatement();
                var r = s.executeQuery("SELECT MAX(id) FROM squid")) {
            r.next();
            watermark = r.getLong(1);
        }
        ReplicationPipeline copying =
                new ReplicationPipeline("forward", shop.forwardPipeline(2048), new SimpleMeterRegistry());
        copying.start();
        while (copying.status().snapshot().rowsCopied() == 0) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        List<Long> lags = lag(shop, rate, seconds, watermark);
        Collections.sort(lags);
        var snapshot = copying.status().snapshot();
        System.out.printf(
                "lag under %d writes/s for %d s while the copy runs: p50 %d ms, p99 %d ms (%.1fx the p99 without"
                        + " a copy), max %d ms; copy at %d of %d rows at the end%s%n",
                rate,
                seconds,
                lags.get(lags.size() / 2),
                lags.get(lags.size() * 99 / 100),
                (double) lags.get(lags.size() * 99 / 100) / Math.max(p99WithoutCopy, 1),
                lags.get(lags.size() - 1),
                snapshot.rowsCopied(),
                snapshot.rowsTotal(),
                snapshot.completed() ? " (completed before the run ended)" : "");
        copying.close();
    }

    /**
     * The same rows, as the mapping makes them, into NEW's {@code seafood} table with plain batched
     * JDBC (1,000 rows a batch and a commit, as {@code insertSquids}): the limit of a copy into that
     * table, with its second index and wider rows, beside the limit of {@code squid}.
     */
    static void insertSeafoods(ShopDatabases shop, int count) throws Exception {
        try (Connection c = shop.neu().connect();
                PreparedStatement insert = c.prepareStatement("INSERT INTO seafood (id, category, display_name,"
                        + " price_amount, price_currency, stock_quantity, catch_area, updated_at, version)"
                        + " VALUES (?, 'SQUID', ?, ?, 'KRW', ?, ?, ?, 1)")) {
            c.setAutoCommit(false);
            LocalDateTime now = LocalDateTime.now();
            for (int i = 0; i < count; i++) {
                insert.setLong(1, i + 1);
                insert.setString(2, "squid " + i);
                insert.setBigDecimal(3, java.math.BigDecimal.valueOf(1000 + i));
                insert.setInt(4, i % 50);
                insert.setString(5, i % 3 == 0 ? null : "East Sea");
                insert.setObject(6, now);
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                    c.commit();
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }

    /**
     * Debezium's own snapshot, which the pipeline no longer uses: the same engine settings, but
     * {@code snapshot.mode=initial} and a consumer that only
     * counts, on the rows the plain insert wrote: the rate over the first {@code rows} of them.
     */
    private static double debeziumOnly(ShopDatabases shop, int rows) throws Exception {
        ReplicatorProperties.Pipeline config = shop.forwardPipeline(2048);
        HikariDataSource target = new HikariDataSource();
        target.setJdbcUrl(shop.neu().jdbcUrl());
        target.setUsername(shop.neu().user());
        target.setPassword(shop.neu().password());
        BatchApplier.prepare(target);
        SourceFlavour flavour;
        try (Connection c = shop.old().connect()) {
            flavour = SourceFlavour.of(c);
        }
        AtomicLong snapshotted = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        long t0 = System.nanoTime();
        Properties settings = EngineSettings.of("ceiling", config, RowMapping.of(config.mapping()), flavour);
        settings.setProperty("snapshot.mode", "initial");
        try (DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine = DebeziumEngine.create(Connect.class)
                .using(settings)
                .notifying((records, committer) -> {
                    for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
                        if (record.value().topic().endsWith(".seafood") && snapshotted.incrementAndGet() >= rows) {
                            done.countDown();
                        }
                        committer.markProcessed(record);
                    }
                    committer.markBatchFinished();
                })
                .build()) {
            ExecutorService thread = Executors.newSingleThreadExecutor();
            thread.submit(engine);
            done.await(10, TimeUnit.MINUTES);
            double rate = rows / seconds(t0);
            thread.shutdown();
            return rate;
        } finally {
            target.close();
        }
    }

    /** Single-row commits at a fixed rate; a poller notes when each id appears in NEW. */
    static List<Long> lag(ShopDatabases shop, int rate, int seconds) throws Exception {
        long existing;
        try (Connection c = shop.neu().connect();
                var s = c.createStatement();
                var r = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM seafood")) {
            r.next();
            existing = r.getLong(1);
        }
        return lag(shop, rate, seconds, existing);
    }

    /** The lag of writes whose ids all lie above {@code existing} (polled from there). */
    static List<Long> lag(ShopDatabases shop, int rate, int seconds, long existing) throws Exception {
        Map<Long, Long> committedAt = new ConcurrentHashMap<>();
        Map<Long, Long> seenAt = new ConcurrentHashMap<>();
        // Polling from the rows already there: a first poll reading all 1.1 M ids took most of a
        // second and showed up as the lag of every write made meanwhile.
        // Polling from the lowest id not seen yet, not from the highest seen: on the Kafka transport
        // rows of different partitions become visible out of id order.
        Thread poller = new Thread(() -> {
            long floor = existing;
            try (Connection c = shop.neu().connect();
                    PreparedStatement select = c.prepareStatement("SELECT id FROM seafood WHERE id > ? ORDER BY id")) {
                while (!Thread.currentThread().isInterrupted()) {
                    select.setLong(1, floor);
                    try (ResultSet r = select.executeQuery()) {
                        long now = System.nanoTime();
                        while (r.next()) {
                            seenAt.putIfAbsent(r.getLong(1), now);
                        }
                    }
                    while (seenAt.containsKey(floor + 1)) {
                        floor++;
                    }
                    LockSupport.parkNanos(500_000);
                }
            } catch (Exception e) {
                // interrupted at the end
            }
        });
        poller.start();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        try (Connection c = shop.old().connect();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO squid (name, price, stock, origin, updated_at, version) VALUES ('lag', 1, 1, NULL, ?, 1)",
                        java.sql.Statement.RETURN_GENERATED_KEYS)) {
            for (long i = 0; i < (long) rate * seconds; i++) {
                LockSupport.parkNanos(start + i * interval - System.nanoTime());
                insert.setObject(1, LocalDateTime.now());
                insert.executeUpdate();
                long committed = System.nanoTime();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    committedAt.put(keys.getLong(1), committed);
                }
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seenAt.keySet().containsAll(committedAt.keySet()) == false && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        poller.interrupt();
        List<Long> lags = new ArrayList<>();
        committedAt.forEach((id, at) -> lags.add((seenAt.getOrDefault(id, System.nanoTime()) - at) / 1_000_000));
        return lags;
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** CPU used so far by this JVM and by the database server it started (its descendant processes). */
    static long[] cpuNow() {
        long database = ProcessHandle.current()
                .descendants()
                .mapToLong(ReplicatorBench::processCpuNanos)
                .sum();
        return new long[] {processCpuNanos(), database};
    }

    static void printCpu(String what, long[] before, int rows) {
        long[] after = cpuNow();
        System.out.printf(
                "%s CPU per row: this JVM %.1f us, the database %.1f us%n",
                what, (after[0] - before[0]) / 1000.0 / rows, (after[1] - before[1]) / 1000.0 / rows);
    }

    /** Whether the process is a MariaDB (or MySQL) server. */
    static boolean databaseServer(ProcessHandle process) {
        return process.info().command().orElse("").matches(".*(mariadbd|mysqld)$");
    }

    /** utime + stime of a process from /proc (Linux), in nanoseconds; 0 where unreadable. */
    static long processCpuNanos(ProcessHandle process) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", process.pid() + "", "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time used by this JVM so far, all threads. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
