package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.replication.ApplyMode;
import org.junit.jupiter.api.Test;

/** Which pipelines each stage wants: the data-flow column of the stage table. */
class PipelineTests {

    @Test
    void forwardRunsFromReplicatingUpToTheCommandSwitchAndReverseFromTheSwitchUntilOldEndpointsGo() {
        assertThat(Pipeline.runningAt(Stage.CURRENT_STATE)).isEmpty();
        assertThat(Pipeline.runningAt(Stage.REPLICATING)).containsExactly(Pipeline.FORWARD);
        assertThat(Pipeline.runningAt(Stage.NEW_QUERY_DEPLOYED)).containsExactly(Pipeline.FORWARD);
        assertThat(Pipeline.runningAt(Stage.QUERY_SWITCHED)).containsExactly(Pipeline.FORWARD);
        assertThat(Pipeline.runningAt(Stage.NEW_COMMAND_DEPLOYED)).containsExactly(Pipeline.FORWARD);
        assertThat(Pipeline.runningAt(Stage.COMMAND_SWITCHED)).containsExactly(Pipeline.FORWARD, Pipeline.REVERSE);
        assertThat(Pipeline.runningAt(Stage.FORWARD_STOPPED)).containsExactly(Pipeline.REVERSE);
        assertThat(Pipeline.runningAt(Stage.NEW_API_ROUTED)).containsExactly(Pipeline.REVERSE);
        assertThat(Pipeline.runningAt(Stage.CLIENTS_SWITCHING)).containsExactly(Pipeline.REVERSE);
        assertThat(Pipeline.runningAt(Stage.OLD_ROUTING_REMOVED)).containsExactly(Pipeline.REVERSE);
        assertThat(Pipeline.runningAt(Stage.OLD_ENDPOINTS_REMOVED)).isEmpty();
        assertThat(Pipeline.runningAt(Stage.DONE)).isEmpty();
    }

    @Test
    void aTransitionStopsWhatRunsBeforeItAndNotAfter() {
        assertThat(Pipeline.stoppedBetween(Stage.REPLICATING, Stage.CURRENT_STATE))
                .containsExactly(Pipeline.FORWARD);
        assertThat(Pipeline.stoppedBetween(Stage.COMMAND_SWITCHED, Stage.FORWARD_STOPPED))
                .containsExactly(Pipeline.FORWARD);
        assertThat(Pipeline.stoppedBetween(Stage.COMMAND_SWITCHED, Stage.NEW_COMMAND_DEPLOYED))
                .containsExactly(Pipeline.REVERSE);
        assertThat(Pipeline.stoppedBetween(Stage.OLD_ROUTING_REMOVED, Stage.OLD_ENDPOINTS_REMOVED))
                .containsExactly(Pipeline.REVERSE);
        assertThat(Pipeline.stoppedBetween(Stage.NEW_COMMAND_DEPLOYED, Stage.COMMAND_SWITCHED))
                .isEmpty();
    }

    @Test
    void eachPipelineAppliesOnlyWhileItsSourceTakesTheWritesAndDiscardsTheOthersEchoesAtTheSwitch() {
        for (Stage stage : Stage.values()) {
            boolean oldTakesWrites = stage.number() < Stage.COMMAND_SWITCHED.number();
            assertThat(Pipeline.FORWARD.modeAt(stage))
                    .as("forward at %s", stage)
                    .isEqualTo(oldTakesWrites ? ApplyMode.APPLY : ApplyMode.DISCARD);
        }
        assertThat(Pipeline.REVERSE.modeAt(Stage.NEW_COMMAND_DEPLOYED))
                .as("reverse started before the switch")
                .isEqualTo(ApplyMode.DISCARD);
        assertThat(Pipeline.REVERSE.modeAt(Stage.COMMAND_SWITCHED)).isEqualTo(ApplyMode.APPLY);
        assertThat(Pipeline.REVERSE.modeAt(Stage.OLD_ROUTING_REMOVED)).isEqualTo(ApplyMode.APPLY);
        assertThat(Pipeline.FORWARD.modeAt(Stage.COMMAND_SWITCHED))
                .as("forward runs on at 6 for a rollback, but writes nothing")
                .isEqualTo(ApplyMode.DISCARD);
    }
}
