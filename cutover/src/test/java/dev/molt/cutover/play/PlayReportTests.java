package dev.molt.cutover.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PlayReportTests {

    @TempDir
    Path dir;

    private static Traffic twoStages() {
        Traffic traffic = new Traffic(1, "current state", "1", FaultDrill.none());
        traffic.record(new Outcome(200, 2_000_000, null, null, null), true);
        Segment second = traffic.begin(2, "replicate OLD -> NEW", "-> 2");
        second.hold(12L);
        traffic.record(new Outcome(200, 4_000_000, null, null, null), true);
        traffic.record(new Outcome(503, 1_000_000, null, null, null), false);
        traffic.finish();
        return traffic;
    }

    @Test
    void theTableHasOneRowPerSegmentWithTheStageNameTheGatewayGaveAndItsCounts() {
        PlayReport report = new PlayReport(twoStages(), List.of(), 1, List.of());
        StringWriter text = new StringWriter();

        report.print(new PrintWriter(text));

        List<String> lines = text.toString().lines().toList();
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("1 ")
                        .contains("current state")
                        .matches(".*\\s1\\s+0\\s+0\\s+0\\s+2\\.0\\s+2\\.0\\s+-\\s+-$"));
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("-> 2")
                        .contains("replicate OLD -> NEW")
                        .matches(".*\\s2\\s+1\\s+0\\s+0\\s+1\\.0\\s+4\\.0\\s+-\\s+12$"));
        assertThat(lines).contains("           1 x status 503", "acknowledged writes: 1", "FAILED: see above.");
    }

    @Test
    void aPlayPassesOnlyWithNoFailureNoUnexpectedStatusAndEveryWriteFound() {
        Traffic clean = new Traffic(1, "current state", "1", FaultDrill.none());
        clean.record(new Outcome(200, 1_000_000, null, null, null), true);
        WriteCheck.Result found = new WriteCheck.Result("NEW", 5, List.of());
        WriteCheck.Result lost = new WriteCheck.Result("NEW", 5, List.of("NEW: squid 1 (version 3) is missing"));

        assertThat(new PlayReport(clean, List.of(found), 1, List.of()).passed()).isTrue();
        assertThat(new PlayReport(clean, List.of(lost), 1, List.of()).passed()).isFalse();
        assertThat(new PlayReport(clean, List.of(found), 1, List.of("stage 4 was not reached")).passed())
                .isFalse();
        assertThat(new PlayReport(twoStages(), List.of(found), 1, List.of()).passed())
                .isFalse();
    }

    @Test
    void theJsonAndHtmlCarryTheSameStagesAndNames() throws Exception {
        PlayReport report = new PlayReport(
                twoStages(), List.of(new WriteCheck.Result("NEW", 5, List.of())), 1, List.of("a <failure>"));

        report.write(dir);

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("report.json")));
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.get("stages")).hasSize(2);
        assertThat(json.get("stages").get(1).get("name").asString()).isEqualTo("replicate OLD -> NEW");
        assertThat(json.get("stages").get(1).get("holdMillis").asLong()).isEqualTo(12);
        assertThat(json.get("stages")
                        .get(1)
                        .get("unexpectedByStatus")
                        .get("503")
                        .asLong())
                .isEqualTo(1);
        assertThat(json.get("failures").get(0).asString()).isEqualTo("a <failure>");
        assertThat(Files.readString(dir.resolve("report.html")))
                .contains("Molt play: FAILED", "<td>replicate OLD -&gt; NEW</td>", "<svg");
    }

    @Test
    void theStepsOfADeclaredTargetNameTheirActorAndEachBlockItsBlockersOnTheConsoleAndInTheJson() throws Exception {
        Traffic traffic = new Traffic(1, "current state", "1", FaultDrill.none());
        traffic.begin(2, "replicate OLD -> NEW", "-> 2").actor("target 12: release 7");
        traffic.begin(3, "NEW query deployed", "-> 3").actor("target 12: release 7");
        traffic.begin(2, "replicate OLD -> NEW", "<- 2").actor("target 2");
        traffic.finish();
        Block lag = new Block(
                3,
                traffic.startMillis() + 1500,
                List.of("forward-lag-under-limit"),
                List.of("forward-lag-under-limit: forward is PAUSED, not STREAMING"));
        PlayReport report = new PlayReport(
                traffic,
                List.of(new WriteCheck.Result("OLD = NEW", 7, List.of(), true)),
                1,
                List.of(),
                PlayReport.Faults.NONE,
                List.of(lag));
        StringWriter text = new StringWriter();

        report.print(new PrintWriter(text));
        report.write(dir);

        assertThat(text.toString().lines().toList())
                .contains(
                        "2 step(s) taken by target 12: release 7",
                        "1 step(s) taken by target 2",
                        "blocked at stage 3 (+1.5 s): forward-lag-under-limit: forward is PAUSED, not STREAMING",
                        "OLD = NEW: 7 rows compared by the replicator, equal");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir.resolve("report.json")));
        assertThat(json.get("stages").get(0).has("actor")).isFalse();
        assertThat(json.get("stages").get(2).get("actor").asString()).isEqualTo("target 12: release 7");
        assertThat(json.get("blocks").get(0).get("stage").asInt()).isEqualTo(3);
        assertThat(json.get("blocks").get(0).get("guards").get(0).asString()).isEqualTo("forward-lag-under-limit");
        assertThat(json.get("writeChecks").get(0).get("comparison").asBoolean()).isTrue();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("forward is PAUSED");
    }
}
