package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CutoverStoreTests {

    @TempDir
    Path dir;

    @Test
    void stagePersistedInsideAFenceSurvivesACrashBeforeTheHistoryIsWritten() throws Exception {
        Path stateFile = dir.resolve("cutover.json");
        Files.writeString(stateFile, "{\"stage\":5,\"history\":[]}");
        CutoverStore beforeCrash = new CutoverStore(properties(stateFile));

        beforeCrash.persistStage(6);

        assertThat(Files.readString(stateFile)).as("history not yet rewritten").contains("\"stage\":5");
        CutoverStore afterRestart = new CutoverStore(properties(stateFile));
        assertThat(afterRestart.state().stage()).isEqualTo(6);
        assertThat(afterRestart.state().history()).isEmpty();
    }

    @Test
    void savingAnEntryWritesTheStageAndTheHistory() {
        Path stateFile = dir.resolve("cutover.json");
        CutoverStore store = new CutoverStore(properties(stateFile));

        store.save(2, entry(1, 2));
        store.save(2, entry(2, 3));

        CutoverStore reloaded = new CutoverStore(properties(stateFile));
        assertThat(reloaded.state().stage()).isEqualTo(2);
        assertThat(reloaded.state().history()).extracting(HistoryEntry::to).containsExactly(2, 3);
    }

    private static HistoryEntry entry(int from, int to) {
        return new HistoryEntry(
                Instant.now(), "test", "advance", from, to, HistoryEntry.Outcome.DONE, false, null, null, List.of());
    }

    private static CutoverProperties properties(Path stateFile) {
        CutoverProperties.Database none = new CutoverProperties.Database(null, null, null, List.of());
        return new CutoverProperties(
                stateFile,
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                none,
                none);
    }
}
