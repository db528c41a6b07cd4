package dev.molt.replicator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import dev.molt.replicator.support.ShopDatabases;
import dev.molt.testsupport.DashboardMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The replicator's Prometheus scrape on its own port (8301 in a stack), over real HTTP with real
 * databases and a real Debezium engine: it takes the admin token as the control API does (health
 * stays open), and after a snapshot and a streamed change it exports every replicator metric the
 * Grafana dashboard queries, with the pipeline's state and copy as the status API tells them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplicatorMetricsIntegrationTests {

    static final ShopDatabases shop = ShopDatabases.create("metrics");
    static final String TOKEN = "replicator-metrics-token";

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        shop.register(registry);
        registry.add("molt.api.token", () -> TOKEN);
    }

    @Autowired
    ReplicationPipelines pipelines;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopPipelines() {
        for (ReplicationPipeline pipeline : pipelines.all()) {
            if (pipeline.state() != PipelineState.STOPPED) {
                pipeline.stop();
            }
        }
    }

    @Test
    void thePrometheusScrapeAndTheMetricsEndpointRefuseCallersWithoutTheAdminTokenWhileHealthStaysOpen()
            throws Exception {
        HttpResponse<String> none = get("/actuator/prometheus", null);
        HttpResponse<String> wrong = get("/actuator/prometheus", "not-the-token");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(none.body()).doesNotContain("molt_");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("molt_");
        assertThat(get("/actuator/metrics/molt.replication.applied", null).statusCode())
                .isEqualTo(401);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void afterASnapshotAndAStreamedChangeTheScrapeExportsEveryReplicatorMetricTheDashboardQueries() throws Exception {
        shop.insertSquids(3);
        ReplicationPipeline forward = pipelines.get("forward");
        forward.start();
        await("forward streaming with its snapshot copied")
                .atMost(Duration.ofSeconds(60))
                .until(() -> forward.state() == PipelineState.STREAMING
                        && forward.status().snapshot().completed());
        shop.insertSquid("Streamed", 100, 1, "Jeju");
        forward.drain(Duration.ofSeconds(10));

        HttpResponse<String> scrape = get("/actuator/prometheus", TOKEN);

        assertThat(scrape.statusCode()).isEqualTo(200);
        Set<String> missing = new TreeSet<>(DashboardMetrics.namesExportedBy(DashboardMetrics.Exporter.REPLICATOR));
        missing.removeAll(DashboardMetrics.exportedNames(scrape.body()));
        assertThat(missing)
                .as("replicator metrics the dashboard queries that the replicator does not export")
                .isEmpty();
        await("the scrape's status cache (1 s) catching up with the streamed change")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(get("/actuator/prometheus", TOKEN).body())
                                .contains("molt_replication_state{pipeline=\"forward\",state=\"STREAMING\"} 1.0")
                                .contains("molt_replication_state{pipeline=\"forward\",state=\"FAILED\"} 0.0")
                                .contains("molt_replication_snapshot_completed{pipeline=\"forward\"} 1.0")
                                .contains("molt_replication_snapshot_rows_copied{pipeline=\"forward\"} 3.0")
                                .contains("molt_replication_snapshot_rows_planned{pipeline=\"forward\"} 3.0")
                                .contains("molt_replication_applied_total{pipeline=\"forward\"} 4.0")
                                .contains("molt_replication_state{pipeline=\"reverse\",state=\"STOPPED\"} 1.0"));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
