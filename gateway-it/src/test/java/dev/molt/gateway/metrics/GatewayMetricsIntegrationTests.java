package dev.molt.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.testsupport.DashboardMetrics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway's Prometheus scrape on its management port, over real HTTP: it takes the admin token
 * as the admin API does (health stays open), and it exports every gateway metric the Grafana
 * dashboard queries, with the stage and the client table as they are.
 */
class GatewayMetricsIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void thePrometheusScrapeAndTheMetricsEndpointRefuseCallersWithoutTheAdminTokenWhileHealthStaysOpen() {
        RunningGateway gateway = start(1);

        HttpResponse<String> none = get(gateway, "/actuator/prometheus", null);
        HttpResponse<String> wrong = get(gateway, "/actuator/prometheus", "not-the-token");
        HttpResponse<String> metrics = get(gateway, "/actuator/metrics/molt.gateway.stage", null);
        HttpResponse<String> health = get(gateway, "/actuator/health", null);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(none.body())
                .contains("send Authorization: Bearer <admin token>")
                .doesNotContain("molt_");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("the admin token is not valid").doesNotContain("molt_");
        assertThat(metrics.statusCode()).isEqualTo(401);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(get(gateway, "/actuator/prometheus", RunningGateway.TOKEN).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theScrapeExportsEveryGatewayMetricTheDashboardQueriesWithTheStageAndTheClientTable() {
        RunningGateway gateway = start(4);
        HttpResponse<String> routed = gateway.send(HttpRequest.newBuilder(gateway.publicUri("/query/api/squids/1"))
                .header("X-Client-Id", "billing")
                .GET()
                .build());
        assertThat(routed.statusCode()).isEqualTo(200);

        HttpResponse<String> scrape = get(gateway, "/actuator/prometheus", RunningGateway.TOKEN);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        Set<String> missing = new TreeSet<>(DashboardMetrics.namesExportedBy(DashboardMetrics.Exporter.GATEWAY));
        missing.removeAll(DashboardMetrics.exportedNames(scrape.body()));
        assertThat(missing)
                .as("gateway metrics the dashboard queries that the gateway does not export")
                .isEmpty();
        assertThat(scrape.body())
                .contains("molt_gateway_stage 4.0")
                .contains("molt_gateway_clients 1.0")
                .contains("molt_gateway_fence_hold_seconds_bucket{")
                .contains("molt_gateway_client_calls_total{api=\"old\",client=\"billing\"} 1.0")
                .contains("molt_gateway_requests_seconds_count{group=\"old-api-query\"");
    }

    private static RunningGateway start(int stage) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("management.server.port", 0);
        return fixture.startAt(stage, properties);
    }

    private static HttpResponse<String> get(RunningGateway gateway, String path, String token) {
        int port = Integer.parseInt(gateway.context().getEnvironment().getRequiredProperty("local.management.port"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return gateway.send(request.build());
    }
}
