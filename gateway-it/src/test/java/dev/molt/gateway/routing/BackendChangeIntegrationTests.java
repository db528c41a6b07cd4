package dev.molt.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.Load;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.testsupport.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A backend URL changed in a mounted configuration (new-query moved to another host) takes effect
 * under load with no restart and no failed request, on the fast path and on Spring Cloud Gateway's;
 * a bad URL or an unknown backend is refused in the status and the backends in force stay.
 */
class BackendChangeIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @ParameterizedTest(name = "fast path {0}")
    @ValueSource(booleans = {true, false})
    void aNewQueryMovedToAnotherHostTakesOverUnderLoadWithNoFailedRequestAndABadChangeIsRefused(boolean fastPath)
            throws Exception {
        Path config = Files.createDirectories(fixture.dir().resolve("etc-molt"));
        Path newQuery = config.resolve("molt.gateway.routing.backends.new-query");
        Files.writeString(newQuery, fixture.services().newQuery().uri().toString());
        Map<String, Object> properties = fixture.properties(
                4,
                Map.of(
                        "spring.config.import",
                        "optional:configtree:" + config + "/",
                        "molt.gateway.refresh.interval",
                        "100ms",
                        RunningGateway.FAST_PATH,
                        fastPath));
        // a command-line argument would win over the mounted file
        properties.remove("molt.gateway.routing.backends.new-query");
        try (RunningGateway gateway = RunningGateway.start(properties)) {
            moveNewQueryUnderLoad(gateway, newQuery);
        }
    }

    private void moveNewQueryUnderLoad(RunningGateway gateway, Path newQuery) throws Exception {
        Path config = newQuery.getParent();
        fixture.replicator().pipeline("forward").state = "STREAMING";
        try (TestBackend moved = TestBackend.start("new-query-moved")) {
            HttpRequest read = HttpRequest.newBuilder(gateway.publicUri("/query/api/squids/1"))
                    .GET()
                    .build();
            HttpRequest write = HttpRequest.newBuilder(gateway.publicUri("/command/api/squids"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build();
            Load clients = Load.start(
                    4, Duration.ofSeconds(60), 1_000_000, 200, client -> gateway.send(client % 2 == 0 ? read : write));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> fixture.services().newQuery().apiRequests() > 20);

            Files.writeString(
                    config.resolve("molt.gateway.routing.backends.new-query"),
                    moved.uri().toString());

            await("reads go to the moved new-query")
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> {
                        HttpResponse<String> answer = gateway.send(read);
                        assertThat(answer.headers().firstValue("X-Backend")).hasValue("new-query-moved");
                    });
            long movedBefore = moved.apiRequests();
            await().atMost(Duration.ofSeconds(5)).until(() -> moved.apiRequests() > movedBefore + 20);

            Files.writeString(newQuery, "ftp://nowhere");
            await("the bad URL refused")
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    backends(gateway).path("configurationError").asString())
                            .contains("new-query must be an absolute http(s) URL with a host, was 'ftp://nowhere'"));
            Files.writeString(
                    config.resolve("molt.gateway.routing.backends.new-query"),
                    moved.uri().toString());
            Files.writeString(config.resolve("molt.gateway.routing.backends.newer-query"), "http://127.0.0.1:1");
            await("the unknown backend refused")
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(
                                    backends(gateway).path("configurationError").asString())
                            .contains("unknown backend"));
            long stillMoved = moved.apiRequests();
            await().atMost(Duration.ofSeconds(5)).until(() -> moved.apiRequests() > stillMoved + 20);
            clients.stop();

            assertThat(clients.answered(200)).isGreaterThan(100);
            assertThat(clients.answeredOtherThan(200, 201))
                    .as("statuses %s", clients.statuses())
                    .isZero();
            assertThat(clients.transportErrors()).isZero();
            assertThat(backends(gateway).path("inForce").path("newQuery").asString())
                    .isEqualTo(moved.uri().toString());
        }
    }

    private static JsonNode backends(RunningGateway gateway) {
        return Json.of(gateway.admin("GET", "/admin/cutover")).path("backendConfiguration");
    }
}
