package dev.molt.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.cutover.ComposeFile.Service;
import dev.molt.cutover.stack.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring part of {@code docker-compose.yml} agrees with the services and with itself:
 * Prometheus ({@code deploy/prometheus/prometheus.yml}) scrapes each service where its actuator
 * listens, with the admin token where its API takes one, and Grafana provisions the data source and
 * the dashboard from the directories the compose file mounts. Read, not run: no Docker engine here.
 */
class ComposeMonitoringTests {

    private static final Path ROOT = ProjectRoot.find();
    private static final ComposeFile COMPOSE = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
    private static final List<String> MODULES =
            List.of("old-command", "old-query", "new-command", "new-query", "replicator", "gateway");
    private static final List<String> TOKEN_TAKERS = List.of("gateway", "replicator");
    /** The gateway's replicas in the compose file, each scraped on its own. */
    private static final List<String> GATEWAY_REPLICAS = List.of("gateway-1", "gateway-2");

    private static final String PROMETHEUS_CONFIG = "/etc/prometheus/prometheus.yml";
    /** Where the prometheus service writes the admin token, in its data volume. */
    private static final String TOKEN_FILE = "/prometheus/admin-token";

    @Test
    void prometheusScrapesEveryServiceWhereItsActuatorListensWithTheAdminTokenWhereItsApiTakesOne() {
        Map<String, Map<String, Object>> jobs = scrapeJobs();

        assertThat(jobs).containsOnlyKeys(MODULES);
        for (String module : MODULES) {
            ModuleSettings settings = ModuleSettings.of(ROOT, module);
            int actuator =
                    module.equals("gateway") ? settings.port("management.server.port") : settings.port("server.port");
            Map<String, Object> job = jobs.get(module);
            assertThat(job.get("metrics_path")).as(module).isEqualTo("/actuator/prometheus");
            assertThat(targets(job))
                    .as("targets of " + module)
                    .containsExactlyElementsOf(
                            module.equals("gateway")
                                    ? GATEWAY_REPLICAS.stream()
                                            .map(replica -> replica + ":" + actuator)
                                            .toList()
                                    : List.of(module + ":" + actuator));
            assertThat(settings.get("management.endpoints.web.exposure.include"))
                    .as("endpoints " + module + " exposes")
                    .contains("prometheus");
            if (TOKEN_TAKERS.contains(module)) {
                assertThat(job.get("authorization"))
                        .as("authorization of " + module)
                        .isEqualTo(Map.of("type", "Bearer", "credentials_file", TOKEN_FILE));
            } else {
                assertThat(job).as(module + " takes no credentials").doesNotContainKey("authorization");
            }
        }
        for (String replica : GATEWAY_REPLICAS) {
            assertThat(COMPOSE.service(replica).property("management.server.address"))
                    .as(replica + "'s actuator reachable from the prometheus container")
                    .isEqualTo("0.0.0.0");
        }
    }

    @Test
    void prometheusWritesTheAdminTokenFromItsEnvironmentToTheFileItsJobsSendNeverOntoACommandLine() {
        Service prometheus = COMPOSE.service("prometheus");
        String entrypoint = String.join(" ", strings(prometheus.get("entrypoint")));

        assertThat(prometheus.environment().get("MOLT_ADMIN_TOKEN"))
                .isEqualTo(COMPOSE.service("gateway-1").environment().get("MOLT_ADMIN_TOKEN"));
        assertThat(entrypoint)
                .contains("printf '%s' \"$$MOLT_ADMIN_TOKEN\" > " + TOKEN_FILE)
                .contains("exec /bin/prometheus --config.file=" + PROMETHEUS_CONFIG)
                .doesNotContain("molt-local-admin-token");
        assertThat(prometheus.command()).isEmpty();
        assertThat(prometheus.volumes())
                .containsEntry("./deploy/prometheus/prometheus.yml", PROMETHEUS_CONFIG)
                .containsEntry(
                        "prometheus-data", Path.of(TOKEN_FILE).getParent().toString());
        assertThat(COMPOSE.namedVolumes()).contains("prometheus-data", "grafana-data");
    }

    @Test
    void grafanaProvisionsThePrometheusDataSourceAndTheDashboardFromTheMountedDirectories() throws IOException {
        Service grafana = COMPOSE.service("grafana");
        String provisioning = grafana.volumes().get("./deploy/grafana/provisioning");
        String dashboards = grafana.volumes().get("./deploy/grafana/dashboards");
        Map<String, Object> dataSource =
                first(yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources");
        Map<String, Object> provider = first(yaml("deploy/grafana/provisioning/dashboards/molt.yml"), "providers");
        JsonNode dashboard = JsonMapper.builder()
                .build()
                .readTree(Files.readString(ROOT.resolve("deploy/grafana/dashboards/molt.json")));

        assertThat(String.valueOf(COMPOSE.service("prometheus").get("image")))
                .matches("prom/prometheus:v\\d+\\.\\d+\\.\\d+");
        assertThat(String.valueOf(grafana.get("image"))).matches("grafana/grafana:\\d+\\.\\d+\\.\\d+");
        assertThat(provisioning).isEqualTo("/etc/grafana/provisioning");
        assertThat(((Map<?, ?>) provider.get("options")).get("path")).isEqualTo(dashboards);
        assertThat(grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(dashboards + "/molt.json");
        assertThat(dataSource.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(COMPOSE.service("prometheus").healthcheck()).contains("http://127.0.0.1:9090/-/ready");
        assertThat(grafana.dependsOn()).containsEntry("prometheus", "service_healthy");
        for (JsonNode panel : dashboard.get("panels")) {
            if (!panel.get("type").asString().equals("row")) {
                assertThat(panel.get("datasource").get("uid").asString())
                        .as("data source of panel " + panel.get("title").asString())
                        .isEqualTo(dataSource.get("uid"));
                assertThat(panel.get("targets"))
                        .as("queries of " + panel.get("title").asString())
                        .isNotEmpty();
            }
        }
    }

    private static Map<String, Map<String, Object>> scrapeJobs() {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : (List<?>) yaml("deploy/prometheus/prometheus.yml").get("scrape_configs")) {
            Map<String, Object> config = cast(job);
            jobs.put(String.valueOf(config.get("job_name")), config);
        }
        return jobs;
    }

    private static List<String> targets(Map<String, Object> job) {
        List<String> targets = new ArrayList<>();
        for (Object config : (List<?>) job.get("static_configs")) {
            targets.addAll(strings(cast(config).get("targets")));
        }
        return targets;
    }

    private static Map<String, Object> first(Map<String, Object> file, String key) {
        return cast(((List<?>) file.get(key)).get(0));
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    private static Map<String, Object> yaml(String path) {
        try {
            return new Yaml().load(Files.readString(ROOT.resolve(path)));
        } catch (IOException e) {
            throw new AssertionError("could not read " + path, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
