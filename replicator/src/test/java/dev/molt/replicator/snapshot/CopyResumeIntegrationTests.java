package dev.molt.replicator.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.Test;

/**
 * A replicator killed with SIGKILL half-way through the snapshot copy resumes it from the chunks
 * it had committed: no row is read twice, and NEW ends up equal to OLD.
 */
class CopyResumeIntegrationTests {

    static final int ROWS = 60_000;
    static final Pattern COPIED = Pattern.compile("pipeline forward: copied (\\d+) rows");

    @Test
    void aCopyKilledHalfWayResumesFromItsCommittedChunksAndReadsNoRowTwice() throws Exception {
        ShopDatabases shop = ShopDatabases.create("resume");
        shop.insertSquids(ROWS);
        List<String> arguments = new ArrayList<>(shop.arguments());
        arguments.add("--molt.replicator.pipelines.forward.auto-start=true");
        arguments.add("--molt.replicator.pipelines.forward.batch-size=100");
        arguments.add("--molt.replicator.pipelines.forward.copy.workers=2");
        arguments.add("--molt.replicator.pipelines.forward.copy.max-chunk-rows=100");

        try (ReplicatorProcess first = ReplicatorProcess.start(arguments, fresh("resume-first"))) {
            await("a third of the rows copied")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> shop.forwardRowsCopied() >= ROWS / 3);
            first.kill();
        }
        long committed = shop.forwardRowsCopied();
        assertThat(committed).as("rows committed before the kill").isBetween((long) ROWS / 3, ROWS - 1L);
        assertThat(shop.forwardSnapshotCompleted()).isFalse();

        Path log = fresh("resume-second");
        try (ReplicatorProcess second = ReplicatorProcess.start(arguments, log)) {
            await("the snapshot completes")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> shop.forwardSnapshotCompleted());
            await("NEW equals OLD through the mapping")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(shop.differences()).isEmpty());
            await("the copy reports its rows")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> COPIED.matcher(Files.readString(log)).find());
        }
        String output = Files.readString(log);
        assertThat(output).contains("its copy resumes").doesNotContain("discarding its rows");
        Matcher copied = COPIED.matcher(output);
        assertThat(copied.find()).isTrue();
        assertThat(Long.parseLong(copied.group(1)))
                .as("rows read over both runs: each once")
                .isEqualTo(ROWS);
        assertThat(shop.forwardRowsCopied())
                .as("ranges forgotten once the copy completed")
                .isZero();
    }

    private static Path fresh(String name) throws java.io.IOException {
        Path log = ReplicatorProcess.logFile(name);
        Files.deleteIfExists(log);
        return log;
    }
}
