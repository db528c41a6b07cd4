package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.gateway.clients.CallTimes;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    @Test
    void tornHistoryStartsFromTheStageFileWithTheReadableEntries() throws Exception {
        Path stateFile = dir.resolve("cutover.json");
        CutoverStore store = new CutoverStore(properties(stateFile));
        store.save(2, entry(1, 2));
        store.save(3, entry(2, 3));
        store.save(4, entry(3, 4));
        String whole = Files.readString(stateFile);
        Files.writeString(stateFile, whole.substring(0, whole.lastIndexOf("\"at\"") + 8));

        CutoverStore restarted = new CutoverStore(properties(stateFile));

        assertThat(restarted.state().stage()).isEqualTo(4);
        assertThat(restarted.state().history()).extracting(HistoryEntry::to).containsExactly(2, 3);
        restarted.save(4, entry(4, 5));
        assertThat(new CutoverStore(properties(stateFile)).state().history())
                .as("the next transition rewrites a whole history")
                .extracting(HistoryEntry::to)
                .containsExactly(2, 3, 5);
    }

    @Test
    void unreadableStateFileWithoutAStageFileStopsStartRatherThanGuessTheStage() throws Exception {
        Path stateFile = dir.resolve("cutover.json");
        Files.writeString(stateFile, "{\"stage\":9,\"hist");

        assertThatThrownBy(() -> new CutoverStore(properties(stateFile)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("will not guess the stage");
    }

    @Test
    void historyFileIsReplacedWithoutLeavingTemporaryFiles() throws Exception {
        Path stateFile = dir.resolve("cutover.json");
        CutoverStore store = new CutoverStore(properties(stateFile));

        store.save(2, entry(1, 2));
        store.persistCallTimes(CallTimes.none());

        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("cutover.json", "cutover.json.stage", "cutover.json.calls");
        }
    }

    @Test
    void stageFileKeepsWhenTheStageWasEntered() {
        Path stateFile = dir.resolve("cutover.json");
        Instant before = Instant.now();
        new CutoverStore(properties(stateFile)).persistStage(10);

        CutoverStore restarted = new CutoverStore(properties(stateFile));

        assertThat(restarted.stageEnteredAt())
                .hasValueSatisfying(at -> assertThat(at).isBetween(before.minusMillis(1), Instant.now()));
    }

    @Test
    void callTimesSurviveARestart() {
        Path stateFile = dir.resolve("cutover.json");
        CallTimes times = new CallTimes(Map.of(
                RouteGroup.OLD_API_QUERY, Map.of(Target.NEW, 1_700_000_000_123L),
                RouteGroup.NEW_API_COMMAND, Map.of(Target.NEW, 1_700_000_000_456L)));
        new CutoverStore(properties(stateFile)).persistCallTimes(times);

        CutoverStore restarted = new CutoverStore(properties(stateFile));

        assertThat(restarted.storedCallTimes()).isEqualTo(times);
        assertThat(restarted.storedCallTimes().of(RouteGroup.OLD_API_QUERY, Target.NEW))
                .isEqualTo(1_700_000_000_123L);
    }

    @Test
    void unreadableCallTimesRestartTheQuietPeriodsButLeaveTheOldTargetsUnknown() throws Exception {
        Path stateFile = dir.resolve("cutover.json");
        Files.writeString(dir.resolve("cutover.json.calls"), "{\"lastCall\":{\"OLD_");
        long before = System.currentTimeMillis();

        CallTimes restored = new CutoverStore(properties(stateFile)).storedCallTimes();

        assertThat(restored.of(RouteGroup.OLD_API_QUERY, Target.NEW)).isGreaterThanOrEqualTo(before);
        assertThat(restored.of(RouteGroup.NEW_API_QUERY, Target.NEW)).isGreaterThanOrEqualTo(before);
        assertThat(restored.of(RouteGroup.OLD_API_COMMAND, Target.OLD)).isZero();
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
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                none,
                none,
                new CutoverProperties.Lint("", "", ""));
    }
}
