package dev.molt.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.cutover.cli.MoltLauncher;
import dev.molt.cutover.stack.ProjectRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The main job end to end: a short {@code ./molt play} with the rollback drill, on real embedded
 * databases with every service as its own process and two gateway replicas sharing the cutover
 * (the clients spread over both, the read-after-writers hopping between them on every request, the
 * stages driven through either replica's admin API), must cross all twelve stages with no
 * unexpected status, no transport error, no stale read and no lost write. The write fence is on,
 * as in every {@code ./molt up}, so the play also proves that it refuses none of the writes it
 * should take and that OLD and NEW end equal.
 *
 * <p>The same play is the fault drill ({@code --faults}), one stack start for both within the
 * suite's time budget: the gateway is SIGKILLed in the middle of the fenced command switch 5 -> 6
 * and the OLD database while it takes the writes; the supervisor brings each back and the play
 * carries on. Outside the fault windows everything above holds; inside them every failure is
 * clean, and no write is lost or applied twice.
 */
class PlayIntegrationTests {

    /** The faults this test plays; {@code -Dmolt.drill.faults=...} chooses others. */
    private static final String FAULTS = System.getProperty("molt.drill.faults", "gateway-switch,old-db,replicator");

    @Test
    void aShortPlayWithTheRollbackDrillAndProcessesKilledOnTheWayLosesNothingAndFailsNothingOutsideTheFaultWindows()
            throws Exception {
        Path report = Path.of("target", "play-report").toAbsolutePath();

        int exit = MoltLauncher.run(
                "play",
                "--squids",
                "500",
                "--dwell",
                "2s",
                "--rollback-drill",
                "--faults",
                FAULTS,
                "--gateways",
                "2",
                "--port-offset",
                "11000",
                "--report-dir",
                report.toString());

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(report.resolve("report.json")));
        assertThat(json.get("failures")).as("failures").isEmpty();
        assertThat(json.get("stages")).as("segments of the play").hasSize(18);
        assertThat(json.get("stages")
                        .get(json.get("stages").size() - 1)
                        .get("stage")
                        .asInt())
                .isEqualTo(12);
        assertThat(json.get("stages").get(0).get("name").asString())
                .as("the first stage's name, from the gateway's admin API")
                .isEqualTo("current state");
        assertThat(json.get("stages")
                        .get(json.get("stages").size() - 1)
                        .get("name")
                        .asString())
                .isEqualTo("done");
        long insideWindows = 0;
        for (JsonNode stage : json.get("stages")) {
            String label = stage.get("label").asString();
            assertThat(stage.get("name").asString())
                    .as("name of %s", label)
                    .isNotBlank()
                    .doesNotStartWith("stage ");
            assertThat(stage.get("requests").asLong())
                    .as("requests at %s", label)
                    .isPositive();
            assertThat(stage.get("unexpectedStatuses").asLong())
                    .as("unexpected statuses at %s, inside fault windows too", label)
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
        assertThat(killed).as("faults struck (the replicator's twice)").containsOnly(FAULTS.split(","));
        if (killed.contains("gateway-switch")) {
            assertThat(json.get("notes").toString()).contains("gateway-switch: the advance");
        }
        assertThat(json.get("writeChecks")).hasSize(2);
        for (JsonNode check : json.get("writeChecks")) {
            assertThat(check.get("problems"))
                    .as("lost or doubled writes in %s", check.get("database").asString())
                    .isEmpty();
            assertThat(check.get("squidsChecked").asInt()).isGreaterThanOrEqualTo(500);
        }
        assertThat(json.get("acknowledgedWrites").asLong()).isPositive();
        assertThat(json.get("passed").asBoolean()).isTrue();
        assertThat(exit).isZero();
        assertThat(report.resolve("report.html")).content().contains("Molt play: PASSED", "<svg", "kill ");
        Path logs = ProjectRoot.find().resolve(".molt").resolve("up").resolve("logs");
        assertThat(logs.resolve("gateway-1.log"))
                .as("the second gateway replica ran")
                .content()
                .contains("Started");
        Path token = ProjectRoot.find().resolve(".molt").resolve("up").resolve("admin-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .as("mode of %s", token)
                .isEqualTo("rw-------");
    }
}
