package dev.molt.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.cutover.cli.MoltLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fault drill end to end: a short {@code ./molt play --faults} on real embedded databases and
 * processes, with the gateway SIGKILLed in the middle of the fenced command switch 5 -> 6 and the
 * OLD database while it takes the writes. The supervisor brings each back, the play carries on,
 * and outside the fault windows everything holds as in a play without faults; inside them every
 * failure is clean, and no write is lost or applied twice.
 */
class FaultDrillIntegrationTests {

    /**
     * The faults this test plays; {@code -Dmolt.drill.faults=...} chooses others. The replicator's
     * joins once the replicator resumes its pipelines by itself after a restart (branch h/heal).
     */
    private static final String FAULTS = System.getProperty("molt.drill.faults", "gateway-switch,old-db");

    @Test
    void aShortPlayWithProcessesKilledOnTheWayCarriesOnAndLosesNothing() throws Exception {
        Path report = Path.of("target", "fault-drill-report").toAbsolutePath();

        int exit = MoltLauncher.run(
                "play",
                "--squids",
                "300",
                "--dwell",
                "2s",
                "--clients",
                "10",
                "--faults",
                FAULTS,
                "--port-offset",
                "13000",
                "--report-dir",
                report.toString());

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(report.resolve("report.json")));
        assertThat(json.get("failures")).as("failures").isEmpty();
        List<String> killed = new ArrayList<>();
        for (JsonNode fault : json.get("faults")) {
            killed.add(fault.get("fault").asString());
            assertThat(fault.get("planned").asBoolean())
                    .as("%s killed by the drill", fault.get("process").asString())
                    .isTrue();
            assertThat(fault.get("healthyMillis").asLong())
                    .as("%s healthy again after its kill", fault.get("process").asString())
                    .isGreaterThan(fault.get("backMillis").asLong())
                    .isGreaterThan(fault.get("killMillis").asLong());
        }
        assertThat(killed).containsExactlyInAnyOrder(FAULTS.split(","));
        assertThat(json.get("notes").toString()).contains("gateway-switch: the advance");
        assertThat(json.get("stages")
                        .get(json.get("stages").size() - 1)
                        .get("stage")
                        .asInt())
                .isEqualTo(12);
        long insideWindows = 0;
        for (JsonNode stage : json.get("stages")) {
            String label = stage.get("label").asString();
            assertThat(stage.get("unexpectedStatuses").asLong())
                    .as("unexpected statuses at %s", label)
                    .isZero();
            assertThat(stage.get("transportErrors").asLong())
                    .as("transport errors outside the fault windows at %s", label)
                    .isZero();
            assertThat(stage.get("staleReads").asLong())
                    .as("stale reads at %s", label)
                    .isZero();
            insideWindows += stage.get("faultWindowRequests").asLong();
        }
        assertThat(insideWindows).as("requests inside the fault windows").isPositive();
        for (JsonNode check : json.get("writeChecks")) {
            assertThat(check.get("problems"))
                    .as("lost or doubled writes in %s", check.get("database").asString())
                    .isEmpty();
        }
        assertThat(json.get("passed").asBoolean()).isTrue();
        assertThat(exit).isZero();
        assertThat(report.resolve("report.html")).content().contains("Molt play: PASSED", "kill gateway");
    }
}
