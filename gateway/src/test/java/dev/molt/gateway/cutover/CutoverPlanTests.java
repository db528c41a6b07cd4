package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.clients.InMemoryClientUsage;
import dev.molt.gateway.replication.InMemoryReplicator;
import dev.molt.gateway.routing.LiveBackends;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.RoutingProperties;
import dev.molt.gateway.routing.Target;
import jakarta.validation.Validation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;

/**
 * Every guard of the stage plan, as pure logic over in-memory probes: each blocker appears when its
 * condition fails, is absent when it holds, and is forceable exactly where the stage table allows.
 */
class CutoverPlanTests {

    private static final String FORWARD = "squid-to-seafood";
    private static final String REVERSE = "seafood-to-squid";
    private static final URI NEW_QUERY = URI.create("http://new-query");
    private static final URI NEW_COMMAND = URI.create("http://new-command");

    @TempDir
    Path dir;

    private final InMemoryReplicator replicator = new InMemoryReplicator();
    private final ClientUsage usage = InMemoryClientUsage.create();
    private final Map<URI, String> unready = new HashMap<>();
    private final Map<String, String> databaseProblems = new HashMap<>();
    private CutoverStore store;
    private CutoverPlan plan;

    @BeforeEach
    void plan() {
        CutoverProperties properties = properties(dir.resolve("cutover.json"));
        store = new CutoverStore(properties);
        RoutingProperties routing = new RoutingProperties(
                new RoutingProperties.Groups(
                        new RoutingProperties.Group("/old/query", "/new/query"),
                        new RoutingProperties.Group("/old/command", "/new/command"),
                        new RoutingProperties.Group("/new/query", null),
                        new RoutingProperties.Group("/new/command", null)),
                new RoutingProperties.Backends(
                        URI.create("http://old-query"), URI.create("http://old-command"), NEW_QUERY, NEW_COMMAND),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1,
                Duration.ofDays(1));
        ServiceProbe services = new ServiceProbe(properties) {
            @Override
            Optional<String> unready(URI service) {
                return Optional.ofNullable(unready.get(service));
            }

            @Override
            void alias(URI service, boolean enabled) {}
        };
        DatabaseProbe databases = new DatabaseProbe(properties) {
            @Override
            Optional<String> oldBinlogNotRowFull() {
                return Optional.ofNullable(databaseProblems.get("binlog"));
            }

            @Override
            Optional<String> newSchemaMissing() {
                return Optional.ofNullable(databaseProblems.get("schema"));
            }
        };
        MigrationLintProbe migrations = new MigrationLintProbe(properties) {
            @Override
            Optional<String> pendingBreakExpandContract() {
                return Optional.ofNullable(databaseProblems.get("lint"));
            }
        };
        LiveBackends backends = new LiveBackends(
                routing,
                new StandardEnvironment(),
                Validation.buildDefaultValidatorFactory().getValidator());
        plan = new CutoverPlan(replicator, services, databases, migrations, usage, null, store, backends, properties);
        replicator.pipeline(FORWARD, "STREAMING", true, 10L).pipeline(REVERSE, "STOPPED", false, null);
        replicator.verification(FORWARD, true);
    }

    private static CutoverProperties properties(Path stateFile) {
        CutoverProperties.Database database = new CutoverProperties.Database("", "", "", List.of());
        return new CutoverProperties(
                stateFile,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                database,
                database,
                new CutoverProperties.Lint("", "", ""));
    }

    private Map<String, Blocker> enterBlockers(Stage stage) {
        return blockers(plan.step(stage).enter());
    }

    private static Map<String, Blocker> blockers(Step.Side side) {
        return side.guards().stream()
                .map(Guard::evaluate)
                .flatMap(Optional::stream)
                .collect(Collectors.toMap(Blocker::guard, b -> b));
    }

    private static List<String> guardNames(Step.Side side) {
        return side.guards().stream().map(Guard::name).toList();
    }

    @Test
    void everyStageNamesTheGuardsOfTheStageTable() {
        assertThat(guardNames(plan.step(Stage.REPLICATING).enter()))
                .containsExactly("old-binlog-row-full", "new-schema-migrated", "new-migrations-expand-contract");
        assertThat(guardNames(plan.step(Stage.NEW_QUERY_DEPLOYED).enter()))
                .containsExactly(FORWARD + "-snapshot-done", "new-query-healthy");
        assertThat(guardNames(plan.step(Stage.QUERY_SWITCHED).enter()))
                .containsExactly(FORWARD + "-lag-under-limit", FORWARD + "-verification-equal");
        assertThat(guardNames(plan.step(Stage.NEW_COMMAND_DEPLOYED).enter())).containsExactly("new-command-healthy");
        assertThat(guardNames(plan.step(Stage.COMMAND_SWITCHED).enter()))
                .containsExactly(FORWARD + "-lag-under-limit", REVERSE + "-ready");
        assertThat(guardNames(plan.step(Stage.FORWARD_STOPPED).enter()))
                .containsExactly("no-write-to-old-since-switch");
        assertThat(guardNames(plan.step(Stage.NEW_API_ROUTED).enter()))
                .containsExactly("new-query-serves-new-api", "new-command-serves-new-api");
        assertThat(guardNames(plan.step(Stage.NEW_API_ROUTED).rollback())).containsExactly("no-new-api-traffic");
        assertThat(guardNames(plan.step(Stage.OLD_ROUTING_REMOVED).enter())).containsExactly("no-old-api-calls");
        assertThat(guardNames(plan.step(Stage.OLD_ENDPOINTS_REMOVED).enter())).containsExactly("no-alias-traffic");
        for (Stage stage : List.of(Stage.CURRENT_STATE, Stage.CLIENTS_SWITCHING, Stage.DONE)) {
            assertThat(plan.step(stage).enter().guards()).as("%s", stage).isEmpty();
        }
    }

    @Test
    void onlyTheGuardsTheStageTableAllowsToForceAreForceable() {
        List<String> forceable = Arrays.stream(Stage.values())
                .flatMap(stage ->
                        Stream.of(plan.step(stage).enter(), plan.step(stage).rollback()))
                .flatMap(side -> side.guards().stream())
                .filter(Guard::forceable)
                .map(Guard::name)
                .toList();
        assertThat(forceable)
                .containsExactlyInAnyOrder(
                        "new-migrations-expand-contract", "no-new-api-traffic", "no-old-api-calls", "no-alias-traffic");
    }

    @Test
    void replicatingBlocksOnEachDatabaseCheckAndPassesWhenTheyHold() {
        assertThat(enterBlockers(Stage.REPLICATING)).isEmpty();

        databaseProblems.put("binlog", "binlog_format is MIXED");
        databaseProblems.put("schema", "table seafood missing");
        databaseProblems.put("lint", "V3 drops a column");

        Map<String, Blocker> blockers = enterBlockers(Stage.REPLICATING);
        assertThat(blockers.get("old-binlog-row-full").detail()).isEqualTo("binlog_format is MIXED");
        assertThat(blockers.get("old-binlog-row-full").forceable()).isFalse();
        assertThat(blockers.get("new-schema-migrated").detail()).isEqualTo("table seafood missing");
        assertThat(blockers.get("new-migrations-expand-contract").forceable()).isTrue();
        assertThat(plan.step(Stage.REPLICATING).enter().guards().get(2).costly())
                .as("the lint runs on a transition only")
                .isTrue();
    }

    @Test
    void newQueryDeployedWaitsForTheSnapshotAStreamingForwardAndAHealthyNewQuery() {
        assertThat(enterBlockers(Stage.NEW_QUERY_DEPLOYED)).isEmpty();

        replicator.pipeline(FORWARD, "SNAPSHOTTING", false, null);
        unready.put(NEW_QUERY, "503 from /actuator/health");
        Map<String, Blocker> blockers = enterBlockers(Stage.NEW_QUERY_DEPLOYED);
        assertThat(blockers.get(FORWARD + "-snapshot-done").detail())
                .contains("snapshot not completed")
                .contains("10/10 rows");
        assertThat(blockers.get("new-query-healthy").detail()).isEqualTo("503 from /actuator/health");

        replicator.pipeline(FORWARD, "STOPPED", true, null);
        assertThat(enterBlockers(Stage.NEW_QUERY_DEPLOYED)
                        .get(FORWARD + "-snapshot-done")
                        .detail())
                .isEqualTo(FORWARD + " is STOPPED, not STREAMING");
    }

    @Test
    void querySwitchWaitsForLagUnderTheLimitAndAnEqualVerification() {
        assertThat(enterBlockers(Stage.QUERY_SWITCHED)).isEmpty();

        replicator.pipeline(FORWARD, "STREAMING", true, 5_000L).verification(FORWARD, false);
        Map<String, Blocker> blockers = enterBlockers(Stage.QUERY_SWITCHED);
        assertThat(blockers.get(FORWARD + "-lag-under-limit").detail()).contains("lag 5000 ms is above the limit");
        assertThat(blockers.get(FORWARD + "-verification-equal").detail()).contains("different [{id=1}]");

        replicator.pipeline(FORWARD, "STREAMING", true, null);
        assertThat(enterBlockers(Stage.QUERY_SWITCHED)).containsKey(FORWARD + "-lag-under-limit");
        replicator.pipeline(FORWARD, "FAILED", true, 1L);
        assertThat(enterBlockers(Stage.QUERY_SWITCHED)
                        .get(FORWARD + "-lag-under-limit")
                        .detail())
                .isEqualTo(FORWARD + " is FAILED (boom), not STREAMING");
    }

    @Test
    void newCommandDeployedWaitsForAHealthyNewCommand() {
        assertThat(enterBlockers(Stage.NEW_COMMAND_DEPLOYED)).isEmpty();
        unready.put(NEW_COMMAND, "connection refused");
        assertThat(enterBlockers(Stage.NEW_COMMAND_DEPLOYED)
                        .get("new-command-healthy")
                        .detail())
                .isEqualTo("connection refused");
    }

    @Test
    void commandSwitchWaitsForForwardLagAndAReverseThatHasNotFailed() {
        assertThat(enterBlockers(Stage.COMMAND_SWITCHED)).isEmpty();

        replicator.pipeline(REVERSE, "FAILED", false, null);
        assertThat(enterBlockers(Stage.COMMAND_SWITCHED).get(REVERSE + "-ready").detail())
                .isEqualTo(REVERSE + " is FAILED: boom");
        replicator.pipeline(FORWARD, "PAUSED", true, 1L);
        assertThat(enterBlockers(Stage.COMMAND_SWITCHED)).containsKey(FORWARD + "-lag-under-limit");
    }

    @Test
    void forwardStopsOnlyWhenNoCommandWasRoutedToOldSinceTheSwitch() {
        store.persistStage(Stage.COMMAND_SWITCHED.number());
        long switchedAt = store.stageEnteredAt().orElseThrow().toEpochMilli();
        usage.record("a", RouteGroup.OLD_API_COMMAND, Target.OLD, switchedAt - 1);
        assertThat(enterBlockers(Stage.FORWARD_STOPPED)).isEmpty();

        usage.record("a", RouteGroup.OLD_API_COMMAND, Target.OLD, switchedAt + 1);
        Blocker blocker = enterBlockers(Stage.FORWARD_STOPPED).get("no-write-to-old-since-switch");
        assertThat(blocker.detail()).contains("a command was routed to OLD");
        assertThat(blocker.forceable()).isFalse();
    }

    @Test
    void newApiIsRoutedOnlyWhenBothNewServicesServeItAndRolledBackOnlyWhenItIsQuiet() {
        assertThat(enterBlockers(Stage.NEW_API_ROUTED)).isEmpty();
        assertThat(blockers(plan.step(Stage.NEW_API_ROUTED).rollback())).isEmpty();

        unready.put(NEW_QUERY, "down");
        unready.put(NEW_COMMAND, "down");
        assertThat(enterBlockers(Stage.NEW_API_ROUTED))
                .containsOnlyKeys("new-query-serves-new-api", "new-command-serves-new-api");

        usage.record("a", RouteGroup.NEW_API_QUERY, Target.NEW, System.currentTimeMillis());
        Blocker quiet = blockers(plan.step(Stage.NEW_API_ROUTED).rollback()).get("no-new-api-traffic");
        assertThat(quiet.detail()).contains("quiet period is 60000 ms");
        assertThat(quiet.forceable()).isTrue();
    }

    @Test
    void oldRoutingGoesOnlyAfterAQuietPeriodWithoutOldApiCalls() {
        usage.record("a", RouteGroup.OLD_API_QUERY, Target.NEW, System.currentTimeMillis() - 120_000);
        assertThat(enterBlockers(Stage.OLD_ROUTING_REMOVED)).isEmpty();

        usage.record("a", RouteGroup.OLD_API_COMMAND, Target.NEW, System.currentTimeMillis());
        Blocker blocker = enterBlockers(Stage.OLD_ROUTING_REMOVED).get("no-old-api-calls");
        assertThat(blocker.detail()).contains("GET /admin/cutover/clients");
        assertThat(blocker.forceable()).isTrue();
    }

    @Test
    void oldEndpointsGoOnlyWhenNoOldApiCallReachedANewAliasSinceOldRoutingWasRemoved() {
        store.persistStage(Stage.OLD_ROUTING_REMOVED.number());
        long removedAt = store.stageEnteredAt().orElseThrow().toEpochMilli();
        usage.record("a", RouteGroup.OLD_API_QUERY, Target.NEW, removedAt - 1);
        assertThat(enterBlockers(Stage.OLD_ENDPOINTS_REMOVED)).isEmpty();
        usage.record("a", RouteGroup.OLD_API_QUERY, Target.NEW, removedAt + 1);
        assertThat(enterBlockers(Stage.OLD_ENDPOINTS_REMOVED))
                .as("a call routed before the switch and answered just after it does not count")
                .isEmpty();

        usage.record("a", RouteGroup.OLD_API_QUERY, Target.NEW, removedAt + 5_001);
        Blocker blocker = enterBlockers(Stage.OLD_ENDPOINTS_REMOVED).get("no-alias-traffic");
        assertThat(blocker.detail()).contains("reached a NEW alias");
        assertThat(blocker.forceable()).isTrue();
    }

    @Test
    void everyTransitionLeavesRunningExactlyThePipelinesItsTargetStageWants() {
        for (Stage stage : Stage.values()) {
            Stage before = stage.previous();
            if (before != null) {
                assertPipelinesAfter(before, stage, plan.step(stage).enter());
                assertPipelinesAfter(stage, before, plan.step(stage).rollback());
            }
        }
    }

    private void assertPipelinesAfter(Stage from, Stage to, Step.Side side) {
        for (Pipeline pipeline : Pipeline.values()) {
            replicator.pipeline(
                    pipeline.nameIn(replicator), pipeline.runsAt(from) ? "STREAMING" : "STOPPED", true, 10L);
        }
        side.before().forEach(Step.Action::run);
        side.after().forEach(Step.Action::run);
        List<Pipeline> running = Arrays.stream(Pipeline.values())
                .filter(p -> replicator.status(p.nameIn(replicator)).streaming())
                .toList();
        assertThat(running).as("pipelines running after %s -> %s", from, to).isEqualTo(Pipeline.runningAt(to));
    }
}
