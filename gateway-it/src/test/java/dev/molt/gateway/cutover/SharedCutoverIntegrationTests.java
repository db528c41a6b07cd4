package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Gateway replicas over one state database (real MariaDB, real HTTP): a stage one replica stores is
 * routed by the others within a second, transitions are serialized across replicas, and a replica
 * that loses the state database holds commands and says so in its health.
 */
class SharedCutoverIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private TestDatabase state;

    @BeforeEach
    void stateDatabase() {
        state = DatabaseServer.newDatabase("gw_state");
        fixture.replicator().pipeline("forward").state = "STREAMING";
    }

    @Test
    void aStageOneReplicaStoresIsRoutedByTheOtherWithinASecond() throws Exception {
        RunningGateway a = replica("a", 3, state.user(), state.password(), Map.of());
        RunningGateway b = replica("b", 1, state.user(), state.password(), Map.of());
        assertThat(stageOf(b)).as("the database, not b's state file").isEqualTo(3);
        expectRoutedTo(b.get("/query/api/squids/1"), "old-query");

        HttpResponse<String> advanced = a.admin("POST", "/admin/cutover/advance");
        assertThat(advanced.statusCode()).as(advanced.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(stageOf(b)).isEqualTo(4);
            expectRoutedTo(b.get("/query/api/squids/1"), "new-query");
        });
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            JsonNode replicas = Json.of(a.admin("GET", "/admin/cutover")).get("replicas");
            assertThat(replicas.findValuesAsString("id")).containsExactly("a", "b");
            assertThat(replicas.findValues("stage"))
                    .allSatisfy(stage -> assertThat(stage.asInt()).isEqualTo(4));
        });
        assertThat(Json.of(b.admin("GET", "/admin/cutover"))
                        .get("history")
                        .get(0)
                        .get("to")
                        .asInt())
                .as("b shows the history a wrote")
                .isEqualTo(4);
    }

    @Test
    void theClientsOfEveryReplicaAreSharedInBatches() throws Exception {
        RunningGateway a = replica("a", 3, state.user(), state.password(), Map.of());
        RunningGateway b = replica("b", 3, state.user(), state.password(), Map.of());

        b.send(HttpRequest.newBuilder(b.publicUri("/query/api/squids/1"))
                .header("X-Client-Id", "shop-via-b")
                .build());
        a.send(HttpRequest.newBuilder(a.publicUri("/query/api/squids/1"))
                .header("X-Client-Id", "shop-via-a")
                .build());

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonNode all = Json.of(a.admin("GET", "/admin/cutover/clients")).get("allReplicas");
            assertThat(all.findValuesAsString("client")).contains("shop-via-a", "shop-via-b");
            for (JsonNode client : all) {
                if (client.get("client").asString().equals("shop-via-b")) {
                    assertThat(client.get("lastReplica").asString()).isEqualTo("b");
                    assertThat(client.get("lastOldApiCall").isNull()).isFalse();
                }
            }
        });
    }

    @Test
    void twoReplicasAdvancingAtOnceSwitchOnceAndTheOtherAnswers409() throws Exception {
        fixture.replicator().drainTakes(600);
        RunningGateway a = replica("a", 5, state.user(), state.password(), Map.of());
        RunningGateway b = replica("b", 5, state.user(), state.password(), Map.of());

        CompletableFuture<HttpResponse<String>> viaA =
                CompletableFuture.supplyAsync(() -> a.admin("POST", "/admin/cutover/advance"));
        CompletableFuture<HttpResponse<String>> viaB =
                CompletableFuture.supplyAsync(() -> b.admin("POST", "/admin/cutover/advance"));
        List<HttpResponse<String>> answers = List.of(viaA.get(), viaB.get());

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 409);
        HttpResponse<String> refused =
                answers.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow();
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.of(refused).get("detail").asString()).contains("another gateway replica");
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(stageOf(a)).isEqualTo(6);
            assertThat(stageOf(b)).isEqualTo(6);
        });
        assertThat(Json.of(a.admin("GET", "/admin/cutover")).get("epoch").asLong())
                .as("one stage change")
                .isEqualTo(1);
    }

    @Test
    void aReplicaThatLosesTheStateDatabaseHoldsCommandsAndSaysSoInItsHealthUntilItIsBack() throws Exception {
        String user = state.name() + "_b";
        state.server()
                .execute(
                        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw_b'",
                        "GRANT ALL ON " + state.name() + ".* TO '" + user + "'@'%'");
        replica("a", 4, state.user(), state.password(), Map.of());
        RunningGateway b = replica("b", 4, user, "pw_b", Map.of("management.server.port", 0));
        expectRoutedTo(b.post("/command/api/squids", "{}"), "old-command");

        state.server().execute("ALTER USER '" + user + "'@'%' ACCOUNT LOCK");
        killConnectionsOf(user);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> held = b.post("/command/api/squids", "{}");
            assertThat(held.statusCode()).isEqualTo(503);
            assertThat(held.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(held.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(Json.of(held).get("detail").asString()).contains("state database");
        });
        expectRoutedTo(b.get("/query/api/squids/1"), "new-query");
        HttpResponse<String> health = health(b);
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("OUT_OF_SERVICE", "lease expired");

        state.server().execute("ALTER USER '" + user + "'@'%' ACCOUNT UNLOCK");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> expectRoutedTo(b.post("/command/api/squids", "{}"), "old-command"));
        assertThat(health(b).statusCode()).isEqualTo(200);
    }

    @Test
    void aTargetTheStateDatabaseCannotStoreIsRefusedWithAProblemAndChangesNothing() throws Exception {
        String user = state.name() + "_b";
        state.server()
                .execute(
                        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw_b'",
                        "GRANT ALL ON " + state.name() + ".* TO '" + user + "'@'%'");
        RunningGateway a = replica("a", 3, state.user(), state.password(), Map.of());
        RunningGateway b = replica("b", 3, user, "pw_b", Map.of());
        state.server().execute("ALTER USER '" + user + "'@'%' ACCOUNT LOCK");
        killConnectionsOf(user);

        HttpResponse<String> put =
                b.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.adminPort() + "/admin/cutover/target"))
                        .header("Authorization", "Bearer " + RunningGateway.TOKEN)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"stage\":5}"))
                        .build());

        assertThat(put.statusCode()).as(put.body()).isEqualTo(503);
        assertThat(put.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.of(put).get("detail").asString()).contains("could not store the target, nothing changed");
        assertThat(Json.of(a.admin("GET", "/admin/cutover")).get("target").isNull())
                .as("no replica has a target")
                .isTrue();
        state.server().execute("ALTER USER '" + user + "'@'%' ACCOUNT UNLOCK");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode seenByB = Json.of(b.admin("GET", "/admin/cutover"));
            assertThat(seenByB.get("target").isNull()).isTrue();
            assertThat(seenByB.get("stage").asInt()).isEqualTo(3);
        });
    }

    @Test
    void aConfiguredTargetTheStateDatabaseCouldNotRecordIsRecordedOnceItCanWithoutAnotherConfigurationChange()
            throws Exception {
        String user = state.name() + "_c";
        state.server()
                .execute(
                        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw_c'",
                        "GRANT ALL ON " + state.name() + ".* TO '" + user + "'@'%'");
        java.nio.file.Path config = Files.createDirectories(fixture.dir().resolve("config-c"));
        RunningGateway a = replica("a", 3, state.user(), state.password(), Map.of());
        RunningGateway c = replica(
                "c",
                3,
                user,
                "pw_c",
                Map.of(
                        // a properties file: unlike a config tree (spring-cloud-commons#1687), its keys are
                        // reported changed only when they change, so nothing but the retry records it
                        "spring.config.import", "optional:file:" + config.resolve("target.properties"),
                        "molt.gateway.refresh.interval", "100ms",
                        "molt.gateway.cutover.target.check-interval", "100ms"));
        state.server().execute("ALTER USER '" + user + "'@'%' ACCOUNT LOCK");
        killConnectionsOf(user);

        Files.writeString(config.resolve("target.properties"), "molt.gateway.cutover.target.stage=3\n");

        await("the change refused while the state database refuses c")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Json.of(c.admin("GET", "/admin/cutover"))
                                .path("target")
                                .path("configurationError")
                                .asString())
                        .contains("the state database could not record it"));
        assertThat(Json.of(a.admin("GET", "/admin/cutover")).get("target").isNull())
                .as("the fleet has no target yet")
                .isTrue();
        state.server().execute("ALTER USER '" + user + "'@'%' ACCOUNT UNLOCK");
        await("the configured target recorded for the fleet, the file unchanged")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> {
                    JsonNode seenByA = Json.of(a.admin("GET", "/admin/cutover")).path("target");
                    assertThat(seenByA.path("stage").asInt()).isEqualTo(3);
                    assertThat(seenByA.path("source").asString()).isEqualTo("configuration");
                    assertThat(Json.of(c.admin("GET", "/admin/cutover"))
                                    .path("target")
                                    .has("configurationError"))
                            .isFalse();
                });
    }

    @Test
    void aReplicaThatHasNotYetReadAnotherReplicasTransitionNeverUndoesItsPipelineChange() throws Exception {
        fixture.replicator().pipeline("reverse").state = "STREAMING";
        Map<String, Object> reconciling =
                Map.of("molt.gateway.reconcile.enabled", true, "molt.gateway.reconcile.interval", "50ms");
        RunningGateway a = replica("a", 6, state.user(), state.password(), reconciling);
        Map<String, Object> slowFollower = new LinkedHashMap<>(reconciling);
        // b reads the stage on its own only once an hour: only what runs before its reconciler can tell it
        slowFollower.put("molt.gateway.state.poll-interval", "1h");
        slowFollower.put("molt.gateway.state.lease", "2h");
        replica("b", 6, state.user(), state.password(), slowFollower);

        HttpResponse<String> advanced = a.admin("POST", "/admin/cutover/advance");
        assertThat(advanced.statusCode()).as(advanced.body()).isEqualTo(200);
        assertThat(Json.of(advanced).get("stage").asInt()).isEqualTo(7);
        assertThat(fixture.replicator().pipeline("forward").state).isEqualTo("STOPPED");

        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            assertThat(fixture.replicator().calls())
                    .as("b, reconciling by the stage 6 it knew, would start forward again at stage 7")
                    .doesNotContain("start forward");
            assertThat(fixture.replicator().pipeline("forward").state).isEqualTo("STOPPED");
        });
    }

    @Test
    void anAdvanceWaitsForALockHeldOnlyBetweenTransitionsAndGoesOnFromTheSameStage() throws Exception {
        RunningGateway a = replica("a", 3, state.user(), state.password(), Map.of());
        try (TransitionLock held = new TransitionLock(new StateStoreProperties(
                state.jdbcUrl(),
                state.user(),
                state.password(),
                Duration.ofMillis(100),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                "reconciler-elsewhere",
                null))) {
            java.util.concurrent.locks.Lock lock = held.tryAcquire(Duration.ZERO);
            assertThat(lock)
                    .as("the lock, as another replica's reconciler holds it")
                    .isNotNull();
            var advancing =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> a.admin("POST", "/admin/cutover/advance"));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !advancing.isDone());
            lock.unlock();

            HttpResponse<String> advanced = advancing.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(advanced.statusCode()).as(advanced.body()).isEqualTo(200);
        }
        assertThat(stageOf(a)).isEqualTo(4);
    }

    private RunningGateway replica(String name, int stage, String user, String password, Map<String, ?> extra)
            throws Exception {
        Map<String, Object> p = new LinkedHashMap<>();
        if (stage > 1) {
            Files.writeString(fixture.dir().resolve(name + ".json"), "{\"stage\":" + stage + ",\"history\":[]}");
        }
        p.put("molt.gateway.cutover.state-file", fixture.dir().resolve(name + ".json"));
        p.put("molt.gateway.state.url", state.jdbcUrl());
        p.put("molt.gateway.state.username", user);
        p.put("molt.gateway.state.password", password);
        p.put("molt.gateway.state.poll-interval", "100ms");
        p.put("molt.gateway.state.lease", "1s");
        p.put("molt.gateway.state.replica-id", name);
        p.putAll(extra);
        return fixture.start(p);
    }

    /** Ends every open connection of {@code user}, as a state database that went away would. */
    private void killConnectionsOf(String user) {
        state.server().execute("GRANT PROCESS ON *.* TO '" + state.user() + "'@'%'");
        try (var connection = state.connect();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "SELECT id FROM information_schema.processlist WHERE user = '" + user + "'")) {
            while (rows.next()) {
                state.server().execute("KILL " + rows.getLong(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> health(RunningGateway gateway) {
        int port = Integer.parseInt(gateway.context().getEnvironment().getRequiredProperty("local.management.port"));
        return gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .GET()
                .build());
    }

    private static int stageOf(RunningGateway gateway) {
        return Json.of(gateway.admin("GET", "/admin/cutover")).get("stage").asInt();
    }

    private static void expectRoutedTo(HttpResponse<String> response, String backend) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        assertThat(response.headers().firstValue("X-Backend")).hasValue(backend);
    }
}
