package dev.molt.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StateViewTests {

    static String printed(String json) {
        StringWriter out = new StringWriter();
        StateView.print(JsonMapper.builder().build().readTree(json), new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aCopyingPipelineShowsHowFarHowFastAndWhyItWaits() {
        String view = printed("""
                {"stage": 2, "name": "replicate OLD -> NEW",
                 "replication": {"state": "SNAPSHOTTING", "lagMs": 2300, "pipelines": [
                   {"name": "forward", "state": "SNAPSHOTTING", "lagMillis": 2300, "snapshot": {"completed": false,
                    "rowsCopied": 400000, "rowsTotal": 1000000, "rowsPerSecond": 120000.0, "etaSeconds": 5,
                    "throttled": "lag 2.3 s > 1.0 s"}},
                   {"name": "reverse", "state": "STOPPED", "lagMillis": 0, "snapshot": {"completed": true,
                    "rowsCopied": 0, "rowsTotal": 0}}]}}
                """);

        assertThat(view)
                .contains("  forward  SNAPSHOTTING, lag 2300 ms")
                .contains("snapshot 40%: 400,000 of 1,000,000 rows, 120,000 rows/s, ETA 5 s,"
                        + " throttled: lag 2.3 s > 1.0 s")
                .contains("  reverse  STOPPED, lag 0 ms")
                .doesNotContain("snapshot 0%");
    }

    @Test
    void aPipelineTheReconcilerCannotBringBackIsNamedWithWhy() {
        String view = printed("""
                {"stage": 3, "name": "NEW query deployed",
                 "pipelines": [{"name": "forward", "wanted": "running", "state": "FAILED",
                   "notComingBack": "still FAILED (row id=7 refused)"}]}
                """);

        assertThat(view).contains("forward does not come back (wanted running): still FAILED (row id=7 refused)");
    }

    @Test
    void aBlockedTargetShowsWhereItConvergesAndWhatHoldsIt() {
        String view = printed("""
                {"stage": 3, "name": "NEW query deployed",
                 "target": {"stage": 12, "force": [10], "reason": "release 7", "source": "configuration",
                  "state": "blocked", "since": "2026-12-01T01:00:00Z",
                  "blockers": [{"guard": "forward-lag-under-limit", "detail": "forward lag 60000 ms is above 2000 ms"}]}}
                """);

        assertThat(view)
                .contains("target: stage 12 (configuration), blocked since 2026-12-01T01:00:00Z, forcing 10: release 7")
                .contains("  - forward-lag-under-limit: forward lag 60000 ms is above 2000 ms");
    }

    @Test
    void aRefusedTargetConfigurationIsShown() {
        assertThat(printed("""
                        {"stage": 1, "name": "current state",
                         "target": {"configurationError": "stage must be less than or equal to 12 (was 13)"}}
                        """))
                .contains("target configuration refused: stage must be less than or equal to 12 (was 13)")
                .doesNotContain("target: stage");
    }

    @Test
    void everyLiveGatewayReplicaIsListedWithTheStageItRoutesAndItsLastCheckIn() {
        String view = printed("""
                {"stage": 6, "name": "switch command routing", "epoch": 9, "replicas": [
                   {"id": "gateway", "adminUrl": "http://127.0.0.1:8090", "stage": 6, "epoch": 9,
                    "lastCheckIn": "2026-12-01T00:40:00Z", "self": true},
                   {"id": "gateway-1", "adminUrl": "http://127.0.0.1:8091", "stage": 5, "epoch": 8,
                    "lastCheckIn": "2026-12-01T00:39:59.750Z", "self": false}]}
                """);

        assertThat(view)
                .contains("gateway replicas (2 live, epoch 9):")
                .contains("  gateway          stage 6, epoch 9, last check-in 2026-12-01T00:40:00Z (this one)")
                .contains("  gateway-1        stage 5, epoch 8, last check-in 2026-12-01T00:39:59.750Z\n");
    }

    @Test
    void aGatewayAloneListsNoReplicas() {
        assertThat(printed("{\"stage\": 1, \"name\": \"current state\", \"epoch\": 0, \"replicas\": []}"))
                .doesNotContain("replicas");
    }
}
