package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.gateway.clients.CallTimes;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas' stores over one real MariaDB state database: the database overrules each replica's
 * state file, a stage change is a compare-and-set on the epoch, and the guard clocks merge.
 */
class SharedStageTests {

    @TempDir
    Path dir;

    private TestDatabase db;
    private CutoverStore first;
    private CutoverStore second;

    @BeforeEach
    void database() {
        db = DatabaseServer.newDatabase("gw_state");
    }

    @AfterEach
    void close() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void theFirstReplicaSeedsTheDatabaseAndItOverrulesTheNextReplicasStateFile() throws Exception {
        first = store(file("a", 5));
        second = store(file("b", 2));

        assertThat(first.state().stage()).isEqualTo(5);
        assertThat(second.state().stage()).as("the database, not b's file").isEqualTo(5);
        assertThat(Files.readString(dir.resolve("b.json.stage")))
                .as("the file is a cache")
                .contains("\"stage\":5");
    }

    @Test
    void ofTwoReplicasMovingFromTheSameEpochExactlyOneWinsAndTheOtherTakesTheWinnersStage() throws Exception {
        first = store(file("a", 5));
        second = store(file("b", 5));

        first.persistStage(6);

        assertThatThrownBy(() -> second.persistStage(4))
                .isInstanceOf(StageConflictException.class)
                .hasMessageContaining("stage 6")
                .satisfies(
                        e -> assertThat(((StageConflictException) e).winner()).isEqualTo(6));
        assertThat(second.state().stage()).isEqualTo(6);
        assertThat(second.epoch()).isEqualTo(first.epoch()).isEqualTo(1);
    }

    @Test
    void aReplicaNoticesTheStageAndHistoryAnotherStoredOnRefresh() throws Exception {
        first = store(file("a", 3));
        second = store(file("b", 3));

        first.save(4, entry(3, 4));

        assertThat(second.refresh()).isTrue();
        assertThat(second.state().stage()).isEqualTo(4);
        assertThat(second.state().history())
                .singleElement()
                .satisfies(e -> assertThat(e.to()).isEqualTo(4));
        assertThat(second.refresh()).as("nothing new").isFalse();
    }

    @Test
    void guardClocksOfBothReplicasMergeToTheLatestCall() throws Exception {
        first = store(file("a", 9));
        second = store(file("b", 9));

        first.persistCallTimes(new CallTimes(Map.of(RouteGroup.OLD_API_QUERY, Map.of(Target.NEW, 2000L))));
        CallTimes merged = second.persistCallTimes(new CallTimes(Map.of(
                RouteGroup.OLD_API_QUERY,
                Map.of(Target.NEW, 1000L),
                RouteGroup.NEW_API_QUERY,
                Map.of(Target.NEW, 500L))));

        assertThat(merged.of(RouteGroup.OLD_API_QUERY, Target.NEW)).isEqualTo(2000L);
        assertThat(merged.of(RouteGroup.NEW_API_QUERY, Target.NEW)).isEqualTo(500L);
    }

    @Test
    void theConsistencyTokenKeyIsMadeOnceAndSharedByEveryReplica() throws Exception {
        first = store(file("a", 4));
        second = store(file("b", 4));

        byte[] made = new SharedTokenKey(first).sharedKey().orElseThrow();

        assertThat(made).hasSize(32);
        assertThat(new SharedTokenKey(second).sharedKey())
                .hasValueSatisfying(key -> assertThat(key).isEqualTo(made));
    }

    private Path file(String name, int stage) throws Exception {
        Path stateFile = dir.resolve(name + ".json");
        Files.writeString(stateFile, "{\"stage\":" + stage + ",\"history\":[]}");
        return stateFile;
    }

    private CutoverStore store(Path stateFile) {
        CutoverProperties.Database none = new CutoverProperties.Database(null, null, null, List.of());
        return new CutoverStore(
                new CutoverProperties(
                        stateFile,
                        Duration.ofSeconds(2),
                        Duration.ofMinutes(10),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(60),
                        none,
                        none,
                        new CutoverProperties.Lint("", "", "")),
                new StateStoreProperties(
                        db.jdbcUrl(),
                        db.user(),
                        db.password(),
                        Duration.ofMillis(250),
                        Duration.ofSeconds(90),
                        Duration.ofSeconds(3),
                        "",
                        ""));
    }

    private static HistoryEntry entry(int from, int to) {
        return new HistoryEntry(
                Instant.now(), "test", "advance", from, to, HistoryEntry.Outcome.DONE, false, null, null, List.of());
    }
}
