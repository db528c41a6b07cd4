package dev.molt.replicator.bench;

import dev.molt.replicator.mapping.RowMapping;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.replicator.verify.VerificationProgress;
import dev.molt.replicator.verify.VerificationReport;
import dev.molt.replicator.verify.Verifier;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.RestartableDatabaseServer;
import dev.molt.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The snapshot copy against a single-threaded plain batched JDBC insert of the same rows into the
 * same target table, in alternating rounds within one JVM, so that the ratio of each round is
 * measured on the same machine at the same moment. Arguments: rows (default 1,000,000), rounds
 * (3), servers (2: OLD and NEW on servers of their own, as every deployment has them; 1: one
 * server holding both, where the capture of OLD also reads every row the copy writes into NEW),
 * warm-up rounds before them, not counted (1: the JIT compiler needs about two copies of a million
 * rows before the copy runs at its speed). Two rates of the copy: the copy itself, from its first
 * chunk's commit on, as the status reports it; and the pipeline from its start, which adds the
 * engine's start (about 2 s in a cold JVM, 0.4 s in a warm one). {@code CopyBench 1000000 0 2 1} measures
 * only the copy of a fresh JVM, the one a replicator process runs, against a plain insert that
 * finds the JVM and the target server warmed by that copy; {@link FreshJvmCopyBench} gives each
 * side a JVM of its own and the same server.
 */
public final class CopyBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int servers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int warmUps = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        if (rows < 1 || rounds < 0 || (servers != 1 && servers != 2) || warmUps < 0 || rounds + warmUps < 1) {
            System.err.println("usage: CopyBench [rows >= 1] [rounds >= 0] [servers: 1 or 2] [warm-ups >= 0],"
                    + " with at least one round or warm-up");
            System.exit(2);
        }

        TestDatabase old = DatabaseServer.newDatabase("copybench_old");
        DatabaseServer target = servers == 2 ? RestartableDatabaseServer.start("copybench-new") : old.server();
        ShopDatabases.of(old, newDatabase(target)).insertSquids(rows);
        System.out.printf("%d rows in OLD; OLD and NEW on %d server(s); %d warm-up round(s)%n", rows, servers, warmUps);

        List<Double> copyRatios = new ArrayList<>();
        List<Double> pipelineRatios = new ArrayList<>();
        for (int round = 1 - warmUps; round <= rounds; round++) {
            double plain = 0;
            Copied copy = null;
            // The order alternates, so that neither side always runs on the warmer machine.
            for (boolean plainFirst : new boolean[] {round % 2 != 0, round % 2 == 0}) {
                ShopDatabases shop = ShopDatabases.of(old, newDatabase(target));
                if (plainFirst) {
                    plain = plainInsert(shop, rows);
                } else {
                    copy = copy(shop, rows);
                }
                target.execute("DROP DATABASE " + shop.neu().name());
            }
            String label = round < 1 ? "warm-up" : "round " + round;
            System.out.printf(
                    "%s: plain insert into seafood %.0f rows/s; the copy %.0f rows/s: %.2fx; the pipeline from its"
                            + " start %.0f rows/s: %.2fx%n",
                    label, plain, copy.copy(), copy.copy() / plain, copy.pipeline(), copy.pipeline() / plain);
            if (round >= 1) {
                copyRatios.add(copy.copy() / plain);
                pipelineRatios.add(copy.pipeline() / plain);
            }
        }
        if (copyRatios.isEmpty()) {
            System.out.println(
                    "no counted rounds: the warm-up above is the copy of a fresh JVM, as a replicator runs it");
        } else {
            System.out.println("the copy / plain insert: " + summary(copyRatios, "rounds"));
            System.out.println("the pipeline from its start / plain insert: " + summary(pipelineRatios, "rounds"));
        }
        System.exit(0);
    }

    /** Rows per second of the copy itself, and of the pipeline from its start (engine start included). */
    record Copied(double copy, double pipeline) {}

    /** Median, lowest and highest of the ratios, over so many {@code what} (rounds, runs). */
    static String summary(List<Double> ratios, String what) {
        List<Double> sorted = new ArrayList<>(ratios);
        Collections.sort(sorted);
        return String.format(
                "median %.2fx, lowest %.2fx, highest %.2fx over %d %s",
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size(), what);
    }

    private static TestDatabase newDatabase(DatabaseServer server) {
        return server instanceof RestartableDatabaseServer own
                ? own.database("copybench_new")
                : DatabaseServer.newDatabase("copybench_new");
    }

    static double plainInsert(ShopDatabases shop, int rows) throws Exception {
        long[] cpu = ReplicatorBench.cpuNow();
        long server = serverCpu(shop.neu().server().port());
        long t0 = System.nanoTime();
        ReplicatorBench.insertSeafoods(shop, rows);
        double rate = rows / ReplicatorBench.seconds(t0);
        ReplicatorBench.printCpu("  plain insert into seafood", cpu, rows);
        System.out.printf(
                "  the NEW server's CPU per row during the plain insert: %.2f us%n",
                (serverCpu(shop.neu().server().port()) - server) / 1000.0 / rows);
        return rate;
    }

    /**
     * CPU used so far by the servers of OLD and of NEW (the same server counted twice where they
     * share one), found by their port among this machine's processes: in {@link
     * FreshJvmCopyBench}'s JVMs the servers belong to another process.
     */
    private static long[] serverCpu(ShopDatabases shop) {
        return new long[] {
            serverCpu(shop.old().server().port()), serverCpu(shop.neu().server().port())
        };
    }

    private static long serverCpu(int port) {
        return ProcessHandle.allProcesses()
                .filter(process -> ReplicatorBench.databaseServer(process)
                        && List.of(process.info().arguments().orElse(new String[0]))
                                .contains("--port=" + port))
                .mapToLong(ReplicatorBench::processCpuNanos)
                .sum();
    }

    static Copied copy(ShopDatabases shop, int rows) throws Exception {
        long[] cpu = ReplicatorBench.cpuNow();
        ThreadCpu threads = new ThreadCpu();
        long t0 = System.nanoTime();
        ReplicationPipeline forward =
                new ReplicationPipeline("forward", shop.forwardPipeline(2048), new SimpleMeterRegistry());
        try {
            forward.start();
            long firstChunk = 0;
            long firstRows = 0;
            ThreadCpu duringCopy = null;
            long[] serversAtFirstChunk = null;
            while (!forward.status().snapshot().completed()
                    || forward.status().snapshot().rowsCopied() < rows) {
                long copied = forward.status().snapshot().rowsCopied();
                if (firstChunk == 0 && copied > 0) {
                    firstChunk = System.nanoTime();
                    firstRows = copied;
                    duringCopy = new ThreadCpu();
                    serversAtFirstChunk = serverCpu(shop);
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            double pipeline = rows / ReplicatorBench.seconds(t0);
            double copy = (rows - firstRows) / ReplicatorBench.seconds(firstChunk);
            System.out.printf(
                    "  snapshot copy: %.1f s from the pipeline's start, %.1f s of it before the first chunk"
                            + " committed%n",
                    ReplicatorBench.seconds(t0), (firstChunk - t0) / 1e9);
            ReplicatorBench.printCpu("  snapshot copy", cpu, rows);
            System.out.println("  snapshot copy JVM CPU per row by thread: " + threads.perRow(rows));
            System.out.println("  the same from the first chunk's commit on: " + duringCopy.perRow(rows - firstRows));
            long[] servers = serverCpu(shop);
            System.out.printf(
                    "  the database servers' CPU per row from the first chunk's commit on: OLD %.2f us, NEW %.2f us%n",
                    (servers[0] - serversAtFirstChunk[0]) / 1000.0 / (rows - firstRows),
                    (servers[1] - serversAtFirstChunk[1]) / 1000.0 / (rows - firstRows));
            forward.pause();
            long v0 = System.nanoTime();
            VerificationReport verified;
            try (Connection source = shop.old().connect();
                    Connection target = shop.neu().connect()) {
                verified = new Verifier(RowMapping.of(shop.forwardPipeline(2048).mapping()), new VerificationProgress())
                        .verify(source, target, 1000, () -> {});
            }
            double verifyRate = verified.rowsCompared() / ReplicatorBench.seconds(v0);
            System.out.printf(
                    "  verification (checksums): %d rows, equal %s, %.0f rows/s: %.1fx the copy%n",
                    verified.rowsCompared(), verified.equal(), verifyRate, verifyRate / copy);
            return new Copied(copy, pipeline);
        } finally {
            forward.close();
        }
    }
}
