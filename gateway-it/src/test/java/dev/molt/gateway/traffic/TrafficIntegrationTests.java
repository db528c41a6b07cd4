package dev.molt.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.testsupport.TestBackend;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Both routing paths count every routed request in the traffic figures and the timer, errors included. */
class TrafficIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @ParameterizedTest(name = "fast path {0}")
    @ValueSource(booleans = {true, false})
    void countsAnswersServerErrorsTimeOutsAndTheFencesOwnAnswersPerGroupOnEitherPath(boolean fastPath) {
        RunningGateway gateway = fixture.start(Map.of(
                RunningGateway.FAST_PATH,
                fastPath,
                "molt.gateway.routing.response-timeout",
                "300ms",
                "molt.gateway.server.max-command-body",
                "1KB"));
        assertThat(gateway.fastPathOn()).isEqualTo(fastPath);
        TestBackend reads = fixture.services().oldQuery();

        for (int i = 0; i < 3; i++) {
            assertThat(gateway.get("/query/api/squids/" + i).statusCode()).isEqualTo(200);
        }
        reads.api(exchange -> reads.respond(exchange, 500, "{}", "application/json"));
        assertThat(gateway.get("/query/api/squids/9").statusCode()).isEqualTo(500);
        reads.hang(true);
        assertThat(gateway.get("/query/api/squids/10").statusCode()).isEqualTo(504);
        reads.hang(false);
        assertThat(gateway.post("/command/api/squids", "{}").statusCode()).isEqualTo(201);
        assertThat(gateway.post("/command/api/squids", "{\"name\":\"" + "x".repeat(2000) + "\"}")
                        .statusCode())
                .as("turned away by the fence, before any route")
                .isEqualTo(413);

        JsonNode query = await("the figures")
                .atMost(Duration.ofSeconds(5))
                .until(() -> group(gateway, "old-api-query"), g -> sum(g.get("requests")) == 5);
        assertThat(sum(query.get("errors"))).isEqualTo(2);
        assertThat(query.get("errorRate").asDouble()).isEqualTo(0.4);
        assertThat(query.get("p99Ms").asDouble()).isGreaterThanOrEqualTo(300);
        assertThat(sum(group(gateway, "old-api-command").get("requests"))).isEqualTo(2);
        MeterRegistry meters = gateway.context().getBean(MeterRegistry.class);
        assertThat(count(meters, "old-api-query", "old", "200")).isEqualTo(3);
        assertThat(count(meters, "old-api-query", "old", "500")).isEqualTo(1);
        assertThat(count(meters, "old-api-query", "old", "504")).isEqualTo(1);
        assertThat(count(meters, "old-api-command", "old", "201")).isEqualTo(1);
        assertThat(count(meters, "old-api-command", "none", "413")).isEqualTo(1);
    }

    @Test
    void theTrafficEndpointTakesTheAdminTokenAndABoundedSpan() {
        RunningGateway gateway = fixture.start(Map.of());

        assertThat(gateway.admin("GET", "/admin/cutover/traffic", null).statusCode())
                .isEqualTo(401);
        assertThat(gateway.admin("GET", "/admin/cutover/traffic", "wrong").statusCode())
                .isEqualTo(403);
        var tooLong = gateway.admin("GET", "/admin/cutover/traffic?seconds=301");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.of(tooLong).get("detail").asString()).contains("1 to 300");
        JsonNode report = Json.of(gateway.admin("GET", "/admin/cutover/traffic?seconds=60"));
        assertThat(report.get("seconds").asInt()).isEqualTo(60);
        assertThat(report.get("groups")).hasSize(4);
        assertThat(report.get("groups").get(0).get("requests")).hasSize(60);
    }

    private static JsonNode group(RunningGateway gateway, String id) {
        JsonNode groups =
                Json.of(gateway.admin("GET", "/admin/cutover/traffic")).get("groups");
        return StreamSupport.stream(groups.spliterator(), false)
                .filter(g -> g.get("group").asString().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static long sum(JsonNode values) {
        long sum = 0;
        for (JsonNode value : values) {
            sum += value.asLong();
        }
        return sum;
    }

    private static long count(MeterRegistry meters, String group, String target, String status) {
        var timer = meters.find(TrafficRecorder.TIMER)
                .tags("group", group, "target", target, "status", status)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
