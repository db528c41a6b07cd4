package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.StateFiles;
import dev.molt.gateway.support.TestServices;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

class CutoverIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private TestServices services;
    private ReplicatorStub replicator;
    private TestDatabase oldDb;
    private TestDatabase newDb;

    @BeforeEach
    void databases() {
        services = fixture.services();
        replicator = fixture.replicator();
        oldDb = DatabaseServer.newDatabase("gw_old");
        newDb = DatabaseServer.newDatabase("gw_new");
    }

    private RunningGateway gateway(Map<String, ?> extra) {
        Map<String, Object> properties = fixture.properties(0, extra);
        properties.put("molt.gateway.cutover.old-database.url", oldDb.jdbcUrl());
        properties.put("molt.gateway.cutover.old-database.username", oldDb.user());
        properties.put("molt.gateway.cutover.old-database.password", oldDb.password());
        properties.put("molt.gateway.cutover.new-database.url", newDb.jdbcUrl());
        properties.put("molt.gateway.cutover.new-database.username", newDb.user());
        properties.put("molt.gateway.cutover.new-database.password", newDb.password());
        return fixture.start(properties);
    }

    private void migrateNewSchema() throws Exception {
        try (Connection connection = newDb.connect()) {
            connection.createStatement().execute("CREATE TABLE seafood (id BIGINT PRIMARY KEY)");
        }
    }

    @Test
    void walksAllTwelveStagesRoutingEachGroupAsTheTableSaysAndComesBackAfterRestart() throws Exception {
        migrateNewSchema();
        RunningGateway gateway = gateway(Map.of());

        assertThat(stageOf(gateway)).isEqualTo(1);
        expectRoutedTo(gateway.get("/query/api/squids/1"), "old-query");
        expectRoutedTo(gateway.post("/command/api/squids", "{}"), "old-command");
        assertThat(gateway.get("/query/api/seafoods/1").statusCode()).isEqualTo(404);

        advance(gateway, 2);
        assertThat(replicator.calls()).contains("start forward");
        advance(gateway, 3);
        advance(gateway, 4);
        expectRoutedTo(gateway.get("/query/api/squids/1"), "new-query");
        expectRoutedTo(gateway.post("/command/api/squids", "{}"), "old-command");
        advance(gateway, 5);
        HttpResponse<String> six = advance(gateway, 6);
        assertThat(Json.of(six).get("holdMillis").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(replicator.calls()).contains("start reverse", "drain forward");
        expectRoutedTo(gateway.post("/command/api/squids", "{}"), "new-command");
        advance(gateway, 7);
        assertThat(replicator.calls()).contains("stop forward");
        advance(gateway, 8);
        HttpResponse<String> deprecated = gateway.get("/query/api/squids/7");
        expectRoutedTo(deprecated, "new-query");
        assertThat(deprecated.headers().firstValue("Deprecation")).isPresent();
        Instant sunset = ZonedDateTime.parse(
                        deprecated.headers().firstValue("Sunset").orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant();
        assertThat(sunset)
                .as("90 days (the default sunset-after) after stage 8 was entered")
                .isBetween(
                        Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(90)));
        assertThat(deprecated.headers().firstValue("Link"))
                .hasValue("</query/api/seafoods/7>; rel=\"successor-version\"");
        expectRoutedTo(gateway.get("/query/api/seafoods/7"), "new-query");
        expectRoutedTo(gateway.post("/command/api/seafoods", "{}"), "new-command");
        advance(gateway, 9);

        HttpResponse<String> refused = gateway.admin("POST", "/admin/cutover/advance");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Json.of(refused).get("blockers").get(0).get("guard").asString())
                .isEqualTo("no-old-api-calls");
        assertThat(Json.of(refused).get("blockers").get(0).get("forceable").asBoolean())
                .isTrue();
        assertThat(gateway.admin("POST", "/admin/cutover/advance?force=true").statusCode())
                .isEqualTo(200);
        assertThat(stageOf(gateway)).isEqualTo(10);
        HttpResponse<String> gone = gateway.get("/query/api/squids/7");
        assertThat(gone.statusCode()).isEqualTo(410);
        assertThat(gone.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.of(gone).get("detail").asString()).contains("/query/api/seafoods/7");
        assertThat(gateway.post("/command/api/squids", "{}").statusCode()).isEqualTo(410);

        await("alias quiet period")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> Json.of(gateway.admin("GET", "/admin/cutover"))
                        .get("blockers")
                        .isEmpty());
        advance(gateway, 11);
        assertThat(services.newQuery().aliasEnabled()).isFalse();
        assertThat(services.newCommand().aliasEnabled()).isFalse();
        assertThat(replicator.pipeline("reverse").state).isEqualTo("STOPPED");
        advance(gateway, 12);
        assertThat(gateway.admin("POST", "/admin/cutover/advance").statusCode()).isEqualTo(409);

        gateway.close();
        RunningGateway restarted = gateway(Map.of());
        JsonNode state = Json.of(restarted.admin("GET", "/admin/cutover"));
        assertThat(state.get("stage").asInt()).isEqualTo(12);
        assertThat(state.get("history").size()).isGreaterThanOrEqualTo(12);
        assertThat(restarted.get("/query/api/squids/7").statusCode()).isEqualTo(410);
        expectRoutedTo(restarted.get("/query/api/seafoods/7"), "new-query");

        assertThat(restarted.admin("POST", "/admin/cutover/rollback").statusCode())
                .isEqualTo(200);
        assertThat(restarted.admin("POST", "/admin/cutover/rollback").statusCode())
                .isEqualTo(200);
        assertThat(stageOf(restarted)).isEqualTo(10);
        assertThat(services.newQuery().aliasEnabled()).isTrue();
        assertThat(replicator.pipeline("reverse").state).isEqualTo("STREAMING");
    }

    @Test
    void refusesEveryBlockerAtOnceAndChangesNothing() {
        RunningGateway gateway = gateway(Map.of());

        HttpResponse<String> refused = gateway.admin("POST", "/admin/cutover/advance?force=true");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode blockers = Json.of(refused).get("blockers");
        assertThat(blockers.findValuesAsString("guard")).containsExactly("new-schema-migrated");
        assertThat(blockers.get(0).get("detail").asString()).contains("seafood");
        assertThat(stageOf(gateway)).isEqualTo(1);
        assertThat(replicator.calls()).isEmpty();
        JsonNode history = Json.of(gateway.admin("GET", "/admin/cutover")).get("history");
        assertThat(history.get(history.size() - 1).get("outcome").asString()).isEqualTo("REFUSED");
    }

    @Test
    void refusesQuerySwitchWhileLagAboveLimitAndVerificationDiffersEvenWhenForced() throws Exception {
        migrateNewSchema();
        RunningGateway gateway = gateway(Map.of());
        advance(gateway, 2);
        advance(gateway, 3);
        replicator.pipeline("forward").lagMillis = 60_000;
        replicator.verificationEqual(false);

        HttpResponse<String> refused = gateway.admin("POST", "/admin/cutover/advance?force=true");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Json.of(refused).get("blockers").findValuesAsString("guard"))
                .containsExactly("forward-lag-under-limit", "forward-verification-equal");
        assertThat(stageOf(gateway)).isEqualTo(3);
        expectRoutedTo(gateway.get("/query/api/squids/1"), "old-query");
        assertThat(Json.of(gateway.admin("GET", "/admin/cutover"))
                        .get("blockers")
                        .findValuesAsString("guard"))
                .containsExactly("forward-lag-under-limit");
    }

    @Test
    void adminApiWantsTheTokenAndIsNotReachableThroughThePublicPort() {
        RunningGateway gateway = gateway(Map.of());

        assertThat(gateway.admin("GET", "/admin/cutover", null).statusCode()).isEqualTo(401);
        assertThat(gateway.admin("GET", "/admin/cutover", "wrong").statusCode()).isEqualTo(403);
        assertThat(gateway.admin("POST", "/admin/cutover/advance", "wrong").statusCode())
                .isEqualTo(403);
        assertThat(gateway.admin("GET", "/admin/cutover").statusCode()).isEqualTo(200);
        assertThat(gateway.get("/admin/cutover").statusCode()).isEqualTo(404);
        assertThat(gateway.post("/admin/cutover/advance", "").statusCode()).isEqualTo(404);
        assertThat(stageOf(gateway)).isEqualTo(1);
    }

    @Test
    void twoAdvancesAtOnceLetExactlyOneWin() throws Exception {
        migrateNewSchema();
        RunningGateway gateway = gateway(Map.of());
        for (int stage = 2; stage <= 5; stage++) {
            advance(gateway, stage);
        }
        replicator.drainTakes(400);

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                () -> gateway.admin("POST", "/admin/cutover/advance").statusCode());
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(
                () -> gateway.admin("POST", "/admin/cutover/advance").statusCode());

        assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 409);
        assertThat(stageOf(gateway)).isEqualTo(6);
    }

    @Test
    void oldApiQuietPeriodOutlivesTheClientsEvictionAndARestartWhileStageElevenCountsOnlyAliasCallsSinceStageTen()
            throws Exception {
        StateFiles.atStage(fixture.dir(), 9);
        Map<String, String> extra = Map.of(
                "molt.gateway.cutover.quiet-period", "10m",
                "molt.gateway.clients.idle-expiry", "200ms");
        RunningGateway gateway = gateway(extra);
        expectRoutedTo(
                gateway.send(HttpRequest.newBuilder(gateway.publicUri("/query/api/squids/1"))
                        .header("X-Client-Id", "legacy")
                        .build()),
                "new-query");
        await("the only old-API client evicted from the table")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonNode table = Json.of(gateway.admin("GET", "/admin/cutover/clients"));
                    return table.get("clients").isEmpty()
                            && table.get("expired").asLong() == 1;
                });

        expectRefusedBy(gateway.admin("POST", "/admin/cutover/advance"), "no-old-api-calls");

        await("guard clocks persisted")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(fixture.dir().resolve("cutover.json.calls"))
                        && Json.of(Files.readString(fixture.dir().resolve("cutover.json.calls")))
                                        .at("/lastCall/OLD_API_QUERY/NEW")
                                        .asLong()
                                > 0);
        gateway.close();
        RunningGateway restarted = gateway(extra);

        expectRefusedBy(restarted.admin("POST", "/admin/cutover/advance"), "no-old-api-calls");
        assertThat(restarted.admin("POST", "/admin/cutover/advance?force=true").statusCode())
                .isEqualTo(200);
        advance(restarted, 11);
        assertThat(services.newQuery().aliasEnabled()).isFalse();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void tornHistoryFileStartsTheGatewayAtTheStoredStageWithAWarning(CapturedOutput output) throws Exception {
        Files.writeString(fixture.dir().resolve("cutover.json.stage"), "{\"stage\":9}\n");
        Files.writeString(fixture.dir().resolve("cutover.json"), "{\"stage\":9,\"history\":[{\"at\":\"2026-11-30T19:");

        RunningGateway gateway = gateway(Map.of());

        JsonNode state = Json.of(gateway.admin("GET", "/admin/cutover"));
        assertThat(state.get("stage").asInt()).isEqualTo(9);
        assertThat(state.get("history").isEmpty()).isTrue();
        assertThat(output).contains("Cannot read the cutover history from").contains("starting from the stage file");
        expectRoutedTo(gateway.get("/query/api/seafoods/7"), "new-query");
        advance(gateway, 10);
        assertThat(Json.of(gateway.admin("GET", "/admin/cutover"))
                        .get("history")
                        .size())
                .isEqualTo(1);
    }

    private static void expectRefusedBy(HttpResponse<String> response, String guard) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(409);
        assertThat(Json.of(response).get("blockers").findValuesAsString("guard"))
                .containsExactly(guard);
    }

    private static HttpResponse<String> advance(RunningGateway gateway, int expectedStage) {
        HttpResponse<String> response = gateway.admin("POST", "/admin/cutover/advance");
        assertThat(response.statusCode())
                .as("advance to %d: %s", expectedStage, response.body())
                .isEqualTo(200);
        assertThat(Json.of(response).get("stage").asInt()).isEqualTo(expectedStage);
        return response;
    }

    private static int stageOf(RunningGateway gateway) {
        return Json.of(gateway.admin("GET", "/admin/cutover")).get("stage").asInt();
    }

    private static void expectRoutedTo(HttpResponse<String> response, String backend) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        assertThat(response.headers().firstValue("X-Backend")).hasValue(backend);
    }
}
