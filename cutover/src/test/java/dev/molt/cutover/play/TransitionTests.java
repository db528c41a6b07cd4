package dev.molt.cutover.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TransitionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void thePlanWalksStagesTwoToTwelveForward() {
        assertThat(Transition.plan(false))
                .extracting(Transition::label)
                .containsExactly(
                        "-> 2", "-> 3", "-> 4", "-> 5", "-> 6", "-> 7", "-> 8", "-> 9", "-> 10", "-> 11", "-> 12");
    }

    @Test
    void theRollbackDrillLeavesFourSixAndTenBackwardsOnceAndEntersThemAgain() {
        List<String> labels =
                Transition.plan(true).stream().map(Transition::label).toList();

        assertThat(labels).hasSize(17);
        assertThat(labels).containsSubsequence("-> 4", "<- 3", "-> 4");
        assertThat(labels).containsSubsequence("-> 6", "<- 5", "-> 6");
        assertThat(labels).containsSubsequence("-> 10", "<- 9", "-> 10");
        assertThat(labels.get(labels.size() - 1)).isEqualTo("-> 12");
    }

    @Test
    void theStageNameIsTheOneTheAdminApiAnswered() {
        assertThat(StageDriver.stageName(JSON.readTree("{\"stage\":4,\"name\":\"switch query routing\"}")))
                .isEqualTo("switch query routing");
        assertThat(StageDriver.stageName(JSON.readTree("{\"stage\":4}"))).isEqualTo("stage 4");
        assertThat(StageDriver.stageName(JSON.readTree("{\"stage\":4,\"name\":\" \"}")))
                .isEqualTo("stage 4");
    }
}
