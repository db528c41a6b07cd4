package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.Load;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A declared target under client load, over real HTTP with the test services and a real MariaDB for
 * the guards: declared in a mounted config tree (or properties file) it is reached step by step through the guards, a
 * refusing guard holds it with the blocker shown, a lower target rolls it back, and a second
 * replica over the same state database carries on from the stage that was decided.
 */
class TargetConvergenceIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private ReplicatorStub replicator;
    private TestDatabase oldDb;
    private TestDatabase newDb;

    @BeforeEach
    void databases() throws Exception {
        replicator = fixture.replicator();
        oldDb = DatabaseServer.newDatabase("gw_old");
        newDb = DatabaseServer.newDatabase("gw_new");
        try (Connection connection = newDb.connect()) {
            connection.createStatement().execute("CREATE TABLE seafood (id BIGINT PRIMARY KEY)");
        }
    }

    @Test
    void aTargetDeclaredInAMountedFileIsReachedThroughItsGuardsUnderLoadAndALowerOneRollsBackStepByStep()
            throws Exception {
        Path config = Files.createDirectories(fixture.dir().resolve("etc-molt"));
        RunningGateway gateway = gateway(Map.of(
                "spring.config.import",
                "optional:configtree:" + config + "/",
                "molt.gateway.refresh.interval",
                "100ms",
                "molt.gateway.cutover.target.dwell",
                "300ms"));
        replicator.pipeline("forward").lagMillis = 60_000;
        AtomicBoolean newApi = new AtomicBoolean();
        Load clients = readersAndWriters(gateway, newApi);

        declareInFile(config, "stage", "12");
        declareInFile(config, "force", "10");
        declareInFile(config, "reason", "release 7");

        await("held at stage 3 by the lag").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode target = target(gateway);
            assertThat(target.path("stage").asInt()).isEqualTo(12);
            assertThat(target.path("state").asString()).isEqualTo("blocked");
            assertThat(target.path("blockers").findValuesAsString("guard")).contains("forward-lag-under-limit");
            assertThat(stageOf(gateway)).isEqualTo(3);
        });

        replicator.pipeline("forward").lagMillis = 5;
        await("converged to 12").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            int stage = stageOf(gateway);
            newApi.set(stage >= Stage.NEW_API_ROUTED.number());
            assertThat(stage).isEqualTo(12);
            assertThat(target(gateway).path("state").asString()).isEqualTo("converged");
        });

        newApi.set(false);
        HttpResponse<String> lowered = gateway.send(HttpRequest.newBuilder(adminUri(gateway, "/admin/cutover/target"))
                .header("Authorization", "Bearer " + RunningGateway.TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"stage\":4,\"reason\":\"back to the query switch\"}"))
                .build());
        assertThat(lowered.statusCode()).as(lowered.body()).isEqualTo(200);
        await("rolled back to 4").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stageOf(gateway)).isEqualTo(4);
            assertThat(target(gateway).path("state").asString()).isEqualTo("converged");
        });
        clients.stop();

        assertThat(clients.answered(200)).isGreaterThan(100);
        assertThat(clients.answeredOtherThan(200, 201, 410))
                .as("statuses %s", clients.statuses())
                .isZero();
        assertThat(clients.transportErrors()).isZero();
        assertThat(steps(gateway))
                .containsExactly(
                        "target 12: release 7 advance 1->2",
                        "target 12: release 7 advance 2->3",
                        "target 12: release 7 advance 3->4",
                        "target 12: release 7 advance 4->5",
                        "target 12: release 7 advance 5->6",
                        "target 12: release 7 advance 6->7",
                        "target 12: release 7 advance 7->8",
                        "target 12: release 7 advance 8->9",
                        "target 12: release 7 advance 9->10",
                        "target 12: release 7 advance 10->11",
                        "target 12: release 7 advance 11->12",
                        "target 4: back to the query switch rollback 12->11",
                        "target 4: back to the query switch rollback 11->10",
                        "target 4: back to the query switch rollback 10->9",
                        "target 4: back to the query switch rollback 9->8",
                        "target 4: back to the query switch rollback 8->7",
                        "target 4: back to the query switch rollback 7->6",
                        "target 4: back to the query switch rollback 6->5",
                        "target 4: back to the query switch rollback 5->4");
    }

    @Test
    void aManualTransitionWhileATargetIsDeclaredIsRefusedNamingItUnlessItOverridesAndClearsIt() throws Exception {
        RunningGateway gateway = gateway(Map.of("molt.gateway.cutover.target.stage", 1));

        HttpResponse<String> refused = gateway.admin("POST", "/admin/cutover/advance");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.of(refused).get("detail").asString()).contains("stage 1 is the declared target");

        HttpResponse<String> overridden = gateway.admin("POST", "/admin/cutover/advance?override=true");
        assertThat(overridden.statusCode()).as(overridden.body()).isEqualTo(200);
        JsonNode state = Json.of(gateway.admin("GET", "/admin/cutover"));
        assertThat(state.get("stage").asInt()).isEqualTo(2);
        assertThat(state.get("target").isNull()).isTrue();
        assertThat(state.get("history").findValuesAsString("reason"))
                .anySatisfy(reason -> assertThat(reason).contains("target 1 cleared: overridden by a manual advance"));
    }

    @Test
    void aBadTargetIsRefusedWithAProblemOrInTheStatusAndChangesNothing() throws Exception {
        Path file = Files.createDirectories(fixture.dir().resolve("etc-molt")).resolve("target.properties");
        RunningGateway gateway = gateway(
                Map.of("spring.config.import", "optional:file:" + file, "molt.gateway.refresh.interval", "100ms"));

        for (String body : List.of("{\"stage\":13}", "{\"stage\":\"four\"}", "{\"stage\":4,\"force\":[0]}", "[]", "")) {
            HttpResponse<String> refused = putTarget(gateway, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Json.of(refused).get("detail").asString()).isNotBlank();
        }
        assertThat(Json.of(putTarget(gateway, "{\"stage\":13}")).get("detail").asString())
                .contains("stage must be between 1 and 12, was 13");
        String longReason = "{\"stage\":4,\"reason\":\"" + "x".repeat(501) + "\"}";
        assertThat(Json.of(putTarget(gateway, longReason)).get("detail").asString())
                .isEqualTo("the reason must be one line of at most 500 characters");
        HttpResponse<String> huge = putTarget(gateway, "{\"stage\":4,\"reason\":\"" + "x".repeat(2_000_000) + "\"}");
        assertThat(huge.statusCode()).as("a 2 MB body").isEqualTo(413);
        assertThat(huge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        HttpResponse<String> badClear = gateway.admin("DELETE", "/admin/cutover/target?reason=two%0Alines");
        assertThat(badClear.statusCode()).as(badClear.body()).isEqualTo(400);
        assertThat(Json.of(gateway.admin("GET", "/admin/cutover")).get("target").isNull())
                .isTrue();

        Files.writeString(file, "molt.gateway.cutover.target.stage=13\n");
        await("the file refused")
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                target(gateway).path("configurationError").asString())
                        .contains("molt.gateway.cutover.target.stage must be less than or equal to 12 (was 13)"));
        assertThat(target(gateway).has("stage")).as("no target").isFalse();
        assertThat(stageOf(gateway)).isEqualTo(1);

        Files.writeString(file, "molt.gateway.cutover.target.stage=1\n");
        await("the file taken").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(target(gateway).path("stage").asInt()).isEqualTo(1);
            assertThat(target(gateway).has("configurationError")).isFalse();
        });
    }

    @Test
    void replicasConvergeOneStepAtATimeAndAReplicaStartedAfterThemCarriesOnFromTheStageThatWasDecided()
            throws Exception {
        TestDatabase state = DatabaseServer.newDatabase("gw_state");
        RunningGateway a = gateway(replica("a", state));
        RunningGateway b = gateway(replica("b", state));
        await().atMost(Duration.ofSeconds(15)).until(() -> stageOf(a) >= 4);
        // in one JVM, closing a gateway closes the network resources of every other: both go, as a fleet restarted
        a.close();
        b.close();

        RunningGateway c = gateway(replica("c", state));

        await("c converged").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(stageOf(c)).isEqualTo(9);
            assertThat(target(c).path("state").asString()).isEqualTo("converged");
        });
        assertThat(steps(c))
                .as("each step once, in order, whichever replica took it")
                .containsExactly(
                        "target 9: fleet advance 1->2",
                        "target 9: fleet advance 2->3",
                        "target 9: fleet advance 3->4",
                        "target 9: fleet advance 4->5",
                        "target 9: fleet advance 5->6",
                        "target 9: fleet advance 6->7",
                        "target 9: fleet advance 7->8",
                        "target 9: fleet advance 8->9");
    }

    @Test
    void aTargetPutThroughOneReplicaHoldsForTheFleetAndADeleteThroughAnotherClearsItForAll() throws Exception {
        TestDatabase state = DatabaseServer.newDatabase("gw_state");
        Map<String, Object> stopped = new LinkedHashMap<>(shared("a", state));
        // a checks for a due step once an hour: as though stopped, only b can take the steps
        stopped.put("molt.gateway.cutover.target.check-interval", "1h");
        RunningGateway a = gateway(stopped);
        RunningGateway b = gateway(shared("b", state));

        HttpResponse<String> put = putTarget(a, "{\"stage\":4,\"reason\":\"through a\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        assertThat(target(b).path("stage").asInt())
                .as("b shows the target put through a")
                .isEqualTo(4);
        assertThat(target(b).path("source").asString()).isEqualTo("admin api (admin)");
        await("b converged").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(stageOf(b)).isEqualTo(4);
            assertThat(target(b).path("state").asString()).isEqualTo("converged");
            assertThat(stageOf(a)).isEqualTo(4);
            assertThat(target(a).path("state").asString()).isEqualTo("converged");
        });
        // a follows the shared stage and history by polling: the last step's line may reach it after the stage
        await("a has read every step")
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(steps(a))
                        .containsExactly(
                                "target 4: through a advance 1->2",
                                "target 4: through a advance 2->3",
                                "target 4: through a advance 3->4"));
        assertThat(Json.of(a.admin("GET", "/admin/cutover")).get("history").findValuesAsString("reason"))
                .as("the history names the replica that took each step")
                .filteredOn(reason -> reason.contains("taken by replica"))
                .hasSize(3)
                .allSatisfy(reason -> assertThat(reason).contains("taken by replica b"));

        HttpResponse<String> cleared = b.send(HttpRequest.newBuilder(adminUri(b, "/admin/cutover/target"))
                .header("Authorization", "Bearer " + RunningGateway.TOKEN)
                .DELETE()
                .build());
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        assertThat(Json.of(a.admin("GET", "/admin/cutover")).get("target").isNull())
                .as("cleared through b, for a too")
                .isTrue();
        HttpResponse<String> manual = a.admin("POST", "/admin/cutover/advance");
        assertThat(manual.statusCode()).as(manual.body()).isEqualTo(200);
    }

    @Test
    void aReplicaRestartedWithAnUnchangedConfiguredTargetLeavesALaterPutInForceAndAChangedOneWins() throws Exception {
        TestDatabase state = DatabaseServer.newDatabase("gw_state");
        Map<String, Object> configured = new LinkedHashMap<>(replica("a", state));
        configured.put("molt.gateway.cutover.target.stage", 3);
        RunningGateway first = gateway(configured);
        await("converged to the configured 3").atMost(Duration.ofSeconds(15)).until(() -> stageOf(first) == 3);
        HttpResponse<String> put = putTarget(first, "{\"stage\":2,\"reason\":\"hold\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        await("rolled back to the put 2").atMost(Duration.ofSeconds(15)).until(() -> stageOf(first) == 2);
        first.close();

        RunningGateway restarted = gateway(configured);

        assertThat(target(restarted).path("stage").asInt()).isEqualTo(2);
        assertThat(target(restarted).path("source").asString()).isEqualTo("admin api (admin)");
        await("stays at the put 2")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(stageOf(restarted)).isEqualTo(2));
        restarted.close();

        configured.put("molt.gateway.cutover.target.stage", 4);
        RunningGateway changed = gateway(configured);

        assertThat(target(changed).path("source").asString()).isEqualTo("configuration");
        await("converged to the changed configuration's 4")
                .atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> {
                    assertThat(stageOf(changed)).isEqualTo(4);
                    assertThat(target(changed).path("stage").asInt()).isEqualTo(4);
                });
    }

    /** A replica over the shared state database {@code state}, declaring target 9 in its configuration. */
    private Map<String, Object> replica(String name, TestDatabase state) {
        Map<String, Object> p = shared(name, state);
        p.put("molt.gateway.cutover.target.stage", 9);
        p.put("molt.gateway.cutover.target.reason", "fleet");
        p.put("molt.gateway.cutover.target.dwell", "300ms");
        return p;
    }

    /** A replica over the shared state database {@code state}, with no target in its configuration. */
    private Map<String, Object> shared(String name, TestDatabase state) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("molt.gateway.state.url", state.jdbcUrl());
        p.put("molt.gateway.state.username", state.user());
        p.put("molt.gateway.state.password", state.password());
        p.put("molt.gateway.state.poll-interval", "100ms");
        p.put("molt.gateway.state.lease", "1s");
        p.put("molt.gateway.state.replica-id", name);
        p.put("molt.gateway.cutover.state-file", fixture.dir().resolve(name + ".json"));
        return p;
    }

    private RunningGateway gateway(Map<String, ?> extra) {
        Map<String, Object> properties = fixture.properties(0, Map.of());
        properties.put("molt.gateway.cutover.old-database.url", oldDb.jdbcUrl());
        properties.put("molt.gateway.cutover.old-database.username", oldDb.user());
        properties.put("molt.gateway.cutover.old-database.password", oldDb.password());
        properties.put("molt.gateway.cutover.new-database.url", newDb.jdbcUrl());
        properties.put("molt.gateway.cutover.new-database.username", newDb.user());
        properties.put("molt.gateway.cutover.new-database.password", newDb.password());
        properties.put("molt.gateway.cutover.target.dwell", "100ms");
        properties.put("molt.gateway.cutover.target.check-interval", "100ms");
        properties.put("molt.gateway.cutover.target.max-backoff", "400ms");
        properties.putAll(extra);
        return fixture.start(properties);
    }

    /**
     * Readers and writers through the gateway, on the old API, or the new one while {@code newApi} (as clients
     * switch once it is routed, and back before it goes); 410 is the old API's answer once its routing is removed.
     */
    private static Load readersAndWriters(RunningGateway gateway, AtomicBoolean newApi) {
        return Load.start(4, Duration.ofSeconds(90), 1_000_000, 100, client -> {
            String api = newApi.get() ? "seafoods" : "squids";
            HttpRequest request = client % 2 == 0
                    ? HttpRequest.newBuilder(gateway.publicUri("/query/api/" + api + "/1"))
                            .GET()
                            .build()
                    : HttpRequest.newBuilder(gateway.publicUri("/command/api/" + api))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build();
            return gateway.send(request);
        });
    }

    private static void declareInFile(Path config, String property, String value) throws Exception {
        Files.writeString(config.resolve("molt.gateway.cutover.target." + property), value);
    }

    private static HttpResponse<String> putTarget(RunningGateway gateway, String body) {
        return gateway.send(HttpRequest.newBuilder(adminUri(gateway, "/admin/cutover/target"))
                .header("Authorization", "Bearer " + RunningGateway.TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static URI adminUri(RunningGateway gateway, String path) {
        return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
    }

    /** The stage changes in the history: actor, action, from and to. */
    private static List<String> steps(RunningGateway gateway) {
        List<String> steps = new ArrayList<>();
        for (JsonNode entry : Json.of(gateway.admin("GET", "/admin/cutover")).get("history")) {
            if (entry.get("outcome").asString().equals("DONE")
                    && entry.get("from").asInt() != entry.get("to").asInt()) {
                steps.add(entry.get("actor").asString() + " "
                        + entry.get("action").asString() + " "
                        + entry.get("from").asInt() + "->" + entry.get("to").asInt());
            }
        }
        return steps;
    }

    private static JsonNode target(RunningGateway gateway) {
        return Json.of(gateway.admin("GET", "/admin/cutover")).get("target");
    }

    private static int stageOf(RunningGateway gateway) {
        return Json.of(gateway.admin("GET", "/admin/cutover")).get("stage").asInt();
    }
}
