package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A step's two sides are built apart and a direction picks its target stage and its side. */
class StepTests {

    @Test
    void eachBuilderSetsItsOwnSideAndLeavesTheOtherAsItWas() {
        List<String> ran = new ArrayList<>();
        Guard enterGuard = Guard.of("enter-guard", Optional::empty);
        Guard rollbackGuard = Guard.of("rollback-guard", Optional::empty);

        Step step = Step.routesOnly()
                .enterIf(enterGuard)
                .onEnter(() -> ran.add("before enter"))
                .enterFencedBy("forward", () -> ran.add("after enter"))
                .rollbackIf(rollbackGuard)
                .onRollback(() -> ran.add("before rollback"))
                .rollbackFencedBy("reverse", () -> ran.add("after rollback"));

        assertThat(step.enter().guards()).containsExactly(enterGuard);
        assertThat(step.enter().fencedBy()).isEqualTo("forward");
        assertThat(step.rollback().guards()).containsExactly(rollbackGuard);
        assertThat(step.rollback().fencedBy()).isEqualTo("reverse");
        step.enter().before().forEach(Step.Action::run);
        step.enter().after().forEach(Step.Action::run);
        step.rollback().before().forEach(Step.Action::run);
        step.rollback().after().forEach(Step.Action::run);
        assertThat(ran).containsExactly("before enter", "after enter", "before rollback", "after rollback");
        assertThat(Step.routesOnly().enter()).isEqualTo(Step.Side.ROUTES_ONLY);
        assertThat(Step.routesOnly().rollback().fencedBy()).isNull();
    }

    @Test
    void advanceGoesOneStageUpAndRollbackOneDownAndNeitherPastTheEnds() {
        assertThat(Direction.ADVANCE.target(Stage.QUERY_SWITCHED)).isEqualTo(Stage.NEW_COMMAND_DEPLOYED);
        assertThat(Direction.ROLLBACK.target(Stage.QUERY_SWITCHED)).isEqualTo(Stage.NEW_QUERY_DEPLOYED);
        assertThat(Direction.ADVANCE.target(Stage.DONE)).isNull();
        assertThat(Direction.ROLLBACK.target(Stage.CURRENT_STATE)).isNull();
        assertThat(Direction.ADVANCE.action()).isEqualTo("advance");
        assertThat(Direction.ROLLBACK.action()).isEqualTo("rollback");
    }
}
