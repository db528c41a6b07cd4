package dev.molt.replicator.bench;

import static org.awaitility.Awaitility.await;

import dev.molt.replicator.support.ReplicatorProcess;
import dev.molt.replicator.support.ShopDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The work a SIGKILL costs the snapshot copy, not a test: a replicator process copies the rows, is
 * killed half-way, and is started again on the same command line. Prints the rows committed before
 * the kill, the rows the second run read, and how many rows were read twice (both runs' reads less
 * the table's rows). Argument: rows (default 1,000,000).
 */
public final class CopyKillBench {

    private static final Pattern COPIED = Pattern.compile("pipeline forward: copied (\\d+) rows");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        ShopDatabases shop = ShopDatabases.create("copykill");
        shop.insertSquids(rows);
        List<String> arguments = new ArrayList<>(shop.arguments());
        arguments.add("--molt.replicator.pipelines.forward.auto-start=true");

        long began = System.nanoTime();
        try (ReplicatorProcess first = ReplicatorProcess.start(arguments, fresh("copykill-first"))) {
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> shop.forwardRowsCopied() >= rows / 2);
            first.kill();
        }
        double killedAfter = (System.nanoTime() - began) / 1e9;
        long committed = shop.forwardRowsCopied();

        Path log = fresh("copykill-second");
        began = System.nanoTime();
        try (ReplicatorProcess second = ReplicatorProcess.start(arguments, log)) {
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> COPIED.matcher(Files.readString(log)).find());
        }
        double resumedIn = (System.nanoTime() - began) / 1e9;
        Matcher copied = COPIED.matcher(Files.readString(log));
        copied.find();
        long total = Long.parseLong(copied.group(1));
        System.out.printf(
                "copy of %d rows killed after %.1f s with %d rows committed; the restarted process read %d rows"
                        + " in %.1f s (JVM start included); rows read twice: %d; NEW equals OLD: %s%n",
                rows,
                killedAfter,
                committed,
                total - committed,
                resumedIn,
                total - rows,
                shop.differences().isEmpty());
        System.exit(0);
    }

    private static Path fresh(String name) throws java.io.IOException {
        Path log = ReplicatorProcess.logFile(name);
        Files.deleteIfExists(log);
        return log;
    }
}
