package dev.molt.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.cutover.cli.MoltLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The declarative way end to end (issue 17): {@code ./molt play --declarative} on a fresh stack under
 * client load declares target 12 with force [10] and takes no step itself; the gateway converges
 * through every stage, one guarded step at a time. Forward replication paused at stage 3 holds it
 * there with the lag guard shown as the blocker until it resumes; the target lowered to 4 rolls it
 * back one stage at a time. No request fails, no read is stale, no acknowledged write is lost, and
 * at the end OLD and NEW are equal. A small stack (one gateway, few squids, a dwell of 1 s, no
 * faults) keeps it short; {@link PlayIntegrationTests} covers the imperative play and the faults.
 */
class DeclarativePlayIntegrationTests {

    private static final int SQUIDS = 300;

    @Test
    void aDeclaredTargetMovesTheShopToTwelveAndBackToFourOneGuardedStepAtATimeThroughALagBlockLosingNothing()
            throws Exception {
        Path report = Path.of("target", "declarative-play-report").toAbsolutePath();

        int exit = MoltLauncher.run(
                "play",
                "--declarative",
                "--squids",
                String.valueOf(SQUIDS),
                "--dwell",
                "1s",
                "--quiet-period",
                "1s",
                "--port-offset",
                "15000",
                "--report-dir",
                report.toString());

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(report.resolve("report.json")));
        assertThat(json.get("failures")).as("failures").isEmpty();
        List<Integer> stages = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (JsonNode stage : json.get("stages")) {
            String label = stage.get("label").asString();
            stages.add(stage.get("stage").asInt());
            labels.add(label);
            assertThat(stage.get("requests").asLong())
                    .as("requests at %s", label)
                    .isPositive();
            assertThat(stage.get("unexpectedStatuses").asLong())
                    .as("unexpected statuses at %s", label)
                    .isZero();
            assertThat(stage.get("transportErrors").asLong())
                    .as("transport errors at %s", label)
                    .isZero();
            assertThat(stage.get("staleReads").asLong())
                    .as("stale reads at %s", label)
                    .isZero();
        }
        List<Integer> upAndDown =
                new ArrayList<>(IntStream.rangeClosed(1, 12).boxed().toList());
        IntStream.iterate(11, stage -> stage >= 4, stage -> stage - 1).forEach(upAndDown::add);
        assertThat(stages).as("every stage reached, one step at a time").containsExactlyElementsOf(upAndDown);
        assertThat(labels.subList(1, 12)).allSatisfy(label -> assertThat(label).startsWith("-> "));
        assertThat(labels.subList(12, labels.size()))
                .allSatisfy(label -> assertThat(label).startsWith("<- "));
        for (int i = 1; i < stages.size(); i++) {
            String actor = json.get("stages").get(i).get("actor").asString();
            assertThat(actor)
                    .as("the history's actor of the step to %s", labels.get(i))
                    .startsWith(i < 12 ? "target 12: " : "target 4: ");
        }

        assertThat(json.get("blocks"))
                .as("the convergence held by the lag guard ahead of stage 3 (or 5, had the gateway stepped on before"
                        + " the play looked), the blocker shown")
                .anySatisfy(block -> {
                    assertThat(block.get("stage").asInt()).isIn(3, 5);
                    assertThat(block.get("guards").toString()).contains("forward-lag-under-limit");
                    assertThat(block.get("details").toString()).contains("forward is PAUSED");
                });

        assertThat(json.get("writeChecks")).hasSize(3);
        List<String> checked = new ArrayList<>();
        for (JsonNode check : json.get("writeChecks")) {
            checked.add(check.get("database").asString());
            assertThat(check.get("problems"))
                    .as(
                            "lost writes, or a difference, in %s",
                            check.get("database").asString())
                    .isEmpty();
            assertThat(check.get("squidsChecked").asInt()).isPositive();
        }
        assertThat(checked).containsExactly("OLD", "NEW", "OLD = NEW");
        assertThat(json.get("acknowledgedWrites").asLong()).isPositive();
        assertThat(json.get("passed").asBoolean()).isTrue();
        assertThat(exit).isZero();
    }
}
