package dev.molt.cutover.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The declarative play cuts its report at every step the gateway's history records, each once. */
class StepFollowerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the play was told, as lines. */
    private static final class Told implements StageCourse.Stops {
        final List<String> lines = new ArrayList<>();

        @Override
        public Segment entered(StageStep step) {
            lines.add(step.transition().label() + " " + step.name() + " hold " + step.holdMillis() + " by "
                    + step.actor() + " at " + Instant.ofEpochMilli(step.atMillis()));
            return null;
        }

        @Override
        public void checkOld() {
            lines.add("check OLD");
        }

        @Override
        public void blocked(Block block) {
            lines.add("blocked " + block.guards());
        }

        @Override
        public void failed(String failure) {
            lines.add("failed: " + failure);
        }

        @Override
        public void say(String line) {}
    }

    private static JsonNode state(String... history) {
        return JSON.readTree("{\"stage\":1,\"stages\":[{\"stage\":1,\"name\":\"current state\"},"
                + "{\"stage\":2,\"name\":\"replicate OLD -> NEW\"},{\"stage\":3,\"name\":\"NEW query deployed\"},"
                + "{\"stage\":4,\"name\":\"switch query routing\"}],\"history\":[" + String.join(",", history)
                + "]}");
    }

    private static String entry(String at, int from, int to, String outcome, String actor) {
        return "{\"at\":\"" + at + "\",\"actor\":\"" + actor + "\",\"from\":" + from + ",\"to\":" + to
                + ",\"outcome\":\"" + outcome + "\",\"holdMillis\":" + (to == 3 ? "40" : "null") + "}";
    }

    @Test
    void eachStepTheHistoryRecordsIsToldOnceInOrderWithItsNameHoldAndActor() {
        StepFollower follower = new StepFollower(state(entry("2026-12-01T01:00:00Z", 1, 2, "DONE", "old hand")));
        Told told = new Told();
        JsonNode later = state(
                entry("2026-12-01T01:00:00Z", 1, 2, "DONE", "old hand"),
                entry("2026-12-01T01:00:01Z", 2, 3, "REFUSED", "target 4"),
                entry("2026-12-01T01:00:02Z", 2, 2, "DONE", "reconciler"),
                entry("2026-12-01T01:00:03Z", 2, 3, "DONE", "target 4"),
                entry("2026-12-01T01:00:04.5Z", 3, 4, "DONE", "target 4"));

        assertThat(follower.follow(later, told)).isEqualTo(2);
        assertThat(follower.follow(later, told)).isZero();
        assertThat(follower.follow(
                        state(
                                entry("2026-12-01T01:00:04.5Z", 3, 4, "DONE", "target 4"),
                                entry("2026-12-01T01:00:06Z", 4, 3, "DONE", "target 3")),
                        told))
                .isEqualTo(1);

        assertThat(told.lines)
                .containsExactly(
                        "-> 3 NEW query deployed hold 40 by target 4 at 2026-12-01T01:00:03Z",
                        "-> 4 switch query routing hold null by target 4 at 2026-12-01T01:00:04.500Z",
                        "<- 3 NEW query deployed hold 40 by target 3 at 2026-12-01T01:00:06Z");
    }

    @Test
    void aStepOverMoreThanOneStageIsAFailure() {
        StepFollower follower = new StepFollower(state());
        Told told = new Told();

        follower.follow(state(entry("2026-12-01T01:00:00Z", 2, 4, "DONE", "someone")), told);

        assertThat(told.lines)
                .containsExactly(
                        "failed: the gateway went from stage 2 to 4 in one step",
                        "-> 4 switch query routing hold null by someone at 2026-12-01T01:00:00Z");
    }

    @Test
    void anEntryTimeMayBeEpochSecondsWithAFraction() {
        assertThat(StepFollower.at(JSON.readTree("{\"at\":1764550800.250000000}")))
                .isEqualTo(StepFollower.at(JSON.readTree("{\"at\":\"2025-12-01T01:00:00.25Z\"}")));
    }

    @Test
    void aBlockedTargetIsReadWithEveryBlockerAndAConvergingOneIsNot() {
        JsonNode blocked = JSON.readTree("{\"stage\":3,\"target\":{\"stage\":12,\"state\":\"blocked\",\"blockers\":["
                + "{\"guard\":\"forward-lag-under-limit\",\"detail\":\"forward is PAUSED, not STREAMING\"},"
                + "{\"guard\":\"forward-verification-equal\",\"detail\":\"" + "9, ".repeat(100) + "\"}]}}");
        JsonNode converging = JSON.readTree("{\"stage\":3,\"target\":{\"stage\":12,\"state\":\"converging\"}}");

        Block block = DeclaredCourse.block(blocked, null);

        assertThat(block.stage()).isEqualTo(3);
        assertThat(block.names(DeclaredCourse.LAG_GUARD)).isTrue();
        assertThat(block.details().get(0)).isEqualTo("forward-lag-under-limit: forward is PAUSED, not STREAMING");
        assertThat(block.brief()).contains("forward is PAUSED").endsWith("...").hasSizeLessThan(400);
        assertThat(block.sameAs(DeclaredCourse.block(blocked, null))).isTrue();
        assertThat(DeclaredCourse.block(converging, null)).isNull();
    }

    @Test
    void aBlockThatBeganBeforeTheLastStepIsThePreviousStagesNotOneAtThisStage() {
        JsonNode justStepped = JSON.readTree("{\"stage\":4,\"target\":{\"stage\":12,\"state\":\"blocked\","
                + "\"since\":\"2026-12-01T01:00:00Z\",\"blockers\":[{\"guard\":\"forward-lag-under-limit\","
                + "\"detail\":\"forward is PAUSED, not STREAMING\"}]}}");

        assertThat(DeclaredCourse.block(justStepped, Instant.parse("2026-12-01T01:00:05Z")))
                .isNull();
        assertThat(DeclaredCourse.block(justStepped, Instant.parse("2026-12-01T00:59:59Z")))
                .isNotNull();
    }
}
