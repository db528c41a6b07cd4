package dev.molt.cutover.play;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.cutover.stack.Crashable;
import dev.molt.cutover.stack.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultDrillTests {

    @Test
    void faultsAreNamedAsTheCommandLineTakesThemAndAllWithoutAList() {
        assertThat(Fault.parse("gateway-switch, old-db")).containsExactlyInAnyOrder(Fault.GATEWAY_SWITCH, Fault.OLD_DB);
        assertThat(Fault.parse("all")).hasSize(5);
        assertThat(Fault.parse("")).hasSize(5);
        assertThatThrownBy(() -> Fault.parse("replicator,disk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fault 'disk'; choose from replicator, old-db, gateway-switch, new-command, kafka"
                        + " (or all)");
    }

    @Test
    void aFaultKillsItsProcessOnceInTheDwellOfItsStageAndItsRecoveryIsOnTheTimelineNotAFailure() throws Exception {
        FakeStack stack = new FakeStack();
        FaultDrill drill = new FaultDrill(Set.of(Fault.NEW_COMMAND), stack, line -> {});

        drill.dwell(new Transition(true, 7), Duration.ofMillis(10));
        drill.dwell(new Transition(true, 8), Duration.ofMillis(30));
        drill.dwell(new Transition(false, 7), Duration.ofMillis(10));
        drill.dwell(new Transition(true, 8), Duration.ofMillis(10));

        assertThat(stack.killed).containsExactly("new-command");
        FaultWindow window = drill.windows().get(0);
        assertThat(window.process()).isEqualTo("new-command");
        assertThat(window.label()).isEqualTo("-> 8");
        assertThat(window.backMillis()).isNotNull();
        assertThat(window.downMillis()).isNotNegative();
        assertThat(drill.failures()).isEmpty();
    }

    @Test
    void theKafkaFaultIsSkippedWithANoteWhereNoBrokerProcessRuns() throws Exception {
        FakeStack stack = new FakeStack();
        FaultDrill drill = new FaultDrill(Set.of(Fault.KAFKA), stack, line -> {});

        drill.dwell(new Transition(true, 5), Duration.ofMillis(10));

        assertThat(stack.killed).isEmpty();
        assertThat(drill.notes()).singleElement().asString().startsWith("kafka fault skipped");
    }

    @Test
    void anUnplannedExitOpensAWindowUntilHealthyAndGraceAndFailsThePlay() {
        FakeStack stack = new FakeStack();
        FaultDrill drill = new FaultDrill(Set.of(Fault.OLD_DB), stack, line -> {});

        stack.listener.exited("new-query", "signal 9");
        long kill = drill.windows().get(0).killMillis();
        stack.listener.relaunched("new-query");
        stack.listener.healthy("new-query", Duration.ofSeconds(3));
        long healthy = drill.windows().get(0).healthyMillis();

        assertThat(drill.inWindow(kill - 100, kill + 1)).isTrue();
        assertThat(drill.inWindow(healthy + 1_000, healthy + 1_500)).isTrue();
        assertThat(drill.inWindow(healthy + FaultDrill.GRACE.toMillis() + 1, healthy + 5_000))
                .isFalse();
        assertThat(drill.inWindow(kill - 2_000, kill - 1)).isFalse();
        assertThat(drill.windows().get(0).planned()).isFalse();
        assertThat(drill.failures()).hasSize(1);
    }

    @Test
    void withoutFaultsNothingIsInsideAWindow() {
        assertThat(FaultDrill.none().inWindow(0, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void cleanFailuresAreCutConnectionsAndProblemAnswersOfAProxyOrAnUnavailableService() {
        assertThat(new Outcome(0, 1, null, "reset", null).cleanFailure()).isTrue();
        assertThat(new Outcome(503, 1, null, null, "application/problem+json").cleanFailure())
                .isTrue();
        assertThat(new Outcome(502, 1, null, null, "application/problem+json;charset=UTF-8").cleanFailure())
                .isTrue();
        assertThat(new Outcome(503, 1, null, null, "text/html").cleanFailure()).isFalse();
        assertThat(new Outcome(500, 1, null, null, "application/problem+json").cleanFailure())
                .isFalse();
        assertThat(new Outcome(504, 1, null, null, null).unknown()).isTrue();
        assertThat(new Outcome(409, 1, null, null, null).unknown()).isFalse();
    }

    /** Records the drill's listener and what it kills; recovers at once. */
    private static final class FakeStack implements Crashable {
        Supervisor.Listener listener;
        final List<String> killed = new ArrayList<>();

        @Override
        public List<String> processNames() {
            return List.of("old-db", "new-command", "gateway");
        }

        /** As the supervisor would report a crash and its recovery. */
        @Override
        public void kill(String name) {
            killed.add(name);
            listener.exited(name, "signal 9");
            listener.relaunched(name);
            listener.healthy(name, Duration.ofMillis(1));
        }

        @Override
        public void addListener(Supervisor.Listener listener) {
            this.listener = listener;
        }
    }
}
