package dev.molt.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DashboardMetricsTests {

    @Test
    void aQuerysMetricNamesLeaveOutFunctionsLabelsRangesAndGroupings() {
        assertThat(DashboardMetrics.metricNames(
                        "histogram_quantile(0.99, sum by (group, le) (rate(molt_gateway_requests_seconds_bucket"
                                + "{status=~\"5.*\", group!=\"x y\"}[$__rate_interval])))"))
                .containsExactly("molt_gateway_requests_seconds_bucket");
        assertThat(DashboardMetrics.metricNames(
                        "max by (pipeline) (molt_replication_snapshot_rows_copied) / clamp_min(max by (pipeline)"
                                + " (molt_replication_snapshot_rows_planned), 1) > bool 0"))
                .containsExactly("molt_replication_snapshot_rows_copied", "molt_replication_snapshot_rows_planned");
    }

    @Test
    void theExpressionsComeFromEveryExprOfTheJsonUnescaped() {
        String json = "{\"panels\":[{\"targets\":[{\"expr\":\"sum(a_total{x=\\\"1\\\"})\"},{\"expr\": \"b\"}]}]}";

        assertThat(DashboardMetrics.expressions(json)).containsExactly("b", "sum(a_total{x=\"1\"})");
    }

    @Test
    void aScrapesNamesAreTheSampleNamesWithoutCommentsOrLabels() {
        String scrape = "# HELP molt_gateway_stage The stage\n# TYPE molt_gateway_stage gauge\nmolt_gateway_stage 4.0\n"
                + "molt_gateway_fence_hold_seconds_bucket{le=\"0.1\"} 0\n\n";

        assertThat(DashboardMetrics.exportedNames(scrape))
                .containsExactly("molt_gateway_fence_hold_seconds_bucket", "molt_gateway_stage");
    }

    @Test
    void everyMetricTheDashboardQueriesHasAServiceWhoseMetricsTestChecksIt() {
        assertThat(DashboardMetrics.names()).isNotEmpty().allSatisfy(DashboardMetrics.Exporter::of);
        for (DashboardMetrics.Exporter exporter : DashboardMetrics.Exporter.values()) {
            assertThat(DashboardMetrics.namesExportedBy(exporter))
                    .as("dashboard metrics of " + exporter)
                    .isNotEmpty();
        }
        assertThatThrownBy(() -> DashboardMetrics.Exporter.of("up")).hasMessageContaining("no service's metrics test");
    }
}
