package dev.molt.replicator.bench;

import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.RestartableDatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The copy and the plain insert each as a process runs them: every side in a JVM of its own, as a
 * replicator copies once after it starts. {@link CopyBench} alternates both sides in one JVM, where
 * whichever side runs second finds the driver's code compiled by the first, and the copy of its
 * first round (the "fresh JVM" figure) also meets a target server that has never been written to.
 * Here the parent starts the servers and fills OLD; one plain insert, not counted, writes the
 * target server's first rows (its buffer pool's memory, its redo log and binlog files, whose first
 * touch costs this machine 0.4-4 s a GiB: {@code .ci/machine-probe}); then each run starts
 * one JVM for the plain insert and one for the copy, each into a fresh NEW database, the order
 * alternating between runs. Arguments: rows (default 1,000,000), runs (3). Both JVMs get the
 * parent's heap limit and classpath, the options {@code ./molt} starts the replicator with
 * ({@code -Dmolt.bench.jvm="..."} sets others, {@code -Dmolt.bench.jvm=} none), and the parent's
 * {@code -Dmolt.bench.copy-*} settings of the copy ({@link ShopDatabases#copy()}).
 */
public final class FreshJvmCopyBench {

    /**
     * The options {@code ./molt} starts every service's JVM with, the replicator's too (the
     * launcher's {@code JavaProcess.FAST_START}): C1 only and the serial collector. Measured, a
     * fresh JVM's C2 compilations take about a core while a copy of a million rows runs, on a
     * machine of two (docs/BENCHMARKS.md).
     */
    private static final String LAUNCHER_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private static final String PLAIN = "plain";
    private static final String COPY = "copy";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals(PLAIN) || args[0].equals(COPY))) {
            side(args);
            return;
        }
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        if (rows < 1 || runs < 1 || args.length > 2) {
            System.err.println("usage: FreshJvmCopyBench [rows >= 1] [runs >= 1]");
            System.exit(2);
        }

        TestDatabase old = DatabaseServer.newDatabase("freshbench_old");
        RestartableDatabaseServer target = RestartableDatabaseServer.start("freshbench-new");
        ShopDatabases.of(old, target.database("freshbench_new")).insertSquids(rows);
        System.out.printf("%d rows in OLD; OLD and NEW on servers of their own; each side in a JVM of its own%n", rows);

        double warmUp = run(PLAIN, old, target, rows);
        System.out.printf("the target server's first rows (not counted): plain insert %.0f rows/s%n", warmUp);

        List<Double> ratios = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double plain = 0;
            double copy = 0;
            for (String side : run % 2 != 0 ? List.of(PLAIN, COPY) : List.of(COPY, PLAIN)) {
                double rate = run(side, old, target, rows);
                if (side.equals(PLAIN)) {
                    plain = rate;
                } else {
                    copy = rate;
                }
            }
            ratios.add(copy / plain);
            System.out.printf(
                    "run %d: plain insert into seafood %.0f rows/s; the copy %.0f rows/s: %.2fx%n",
                    run, plain, copy, copy / plain);
        }
        System.out.println("the copy / plain insert, each in a fresh JVM: " + CopyBench.summary(ratios, "runs"));
        System.exit(0);
    }

    /** Runs one side in a JVM of its own into a fresh NEW database on {@code target}: its rows a second. */
    private static double run(String side, TestDatabase old, RestartableDatabaseServer target, int rows)
            throws Exception {
        ShopDatabases shop = ShopDatabases.of(old, target.database("freshbench_new"));
        Path result = Files.createTempFile("fresh-bench-", ".txt");
        try {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xmx" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m");
            String options =
                    System.getProperty("molt.bench.jvm", LAUNCHER_JVM_OPTIONS).strip();
            if (!options.isEmpty()) {
                command.addAll(List.of(options.split("\\s+")));
            }
            System.getProperties().stringPropertyNames().stream()
                    .filter(name -> name.startsWith("molt.bench.copy-"))
                    .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), FreshJvmCopyBench.class.getName()));
            command.addAll(List.of(
                    side,
                    result.toString(),
                    Integer.toString(rows),
                    shop.history().toString()));
            for (TestDatabase db : List.of(shop.old(), shop.neu())) {
                command.addAll(List.of(
                        db.server().host(), Integer.toString(db.server().port()), db.name(), db.user(), db.password()));
            }
            System.out.println(side + ":");
            long databases = databaseCpuNanos();
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException(side + " ended with exit " + exit);
            }
            System.out.printf(
                    "  the database servers' CPU per row over the whole run: %.1f us%n",
                    (databaseCpuNanos() - databases) / 1000.0 / rows);
            return Double.parseDouble(Files.readString(result).strip());
        } finally {
            Files.deleteIfExists(result);
            target.execute("DROP DATABASE " + shop.neu().name());
        }
    }

    /** CPU used so far by the database servers this JVM started (OLD's and NEW's). */
    private static long databaseCpuNanos() {
        return ProcessHandle.current()
                .descendants()
                .filter(ReplicatorBench::databaseServer)
                .mapToLong(ReplicatorBench::processCpuNanos)
                .sum();
    }

    /** One side, in the child JVM: {@code side result rows history} then host, port, name, user, password of OLD and NEW. */
    private static void side(String[] args) throws Exception {
        Path result = Path.of(args[1]);
        int rows = Integer.parseInt(args[2]);
        ShopDatabases shop = new ShopDatabases(database(args, 4), database(args, 9), Path.of(args[3]));
        double rate = args[0].equals(PLAIN)
                ? CopyBench.plainInsert(shop, rows)
                : CopyBench.copy(shop, rows).copy();
        Files.writeString(result, Double.toString(rate));
        System.exit(0);
    }

    private static TestDatabase database(String[] args, int from) {
        return new TestDatabase(
                new Remote(args[from], Integer.parseInt(args[from + 1])),
                args[from + 2],
                args[from + 3],
                args[from + 4]);
    }

    /** A server the parent started: the child connects as the database's own user, never as an administrator. */
    private static final class Remote extends DatabaseServer {

        private final String host;
        private final int port;

        Remote(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        protected String adminUser() {
            throw new UnsupportedOperationException("the child JVM does not administer the parent's servers");
        }

        @Override
        protected String adminPassword() {
            throw new UnsupportedOperationException("the child JVM does not administer the parent's servers");
        }

        @Override
        protected void stop() {}
    }
}
