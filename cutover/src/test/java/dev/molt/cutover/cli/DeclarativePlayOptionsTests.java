package dev.molt.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ./molt play --declarative} refuses what only makes sense with the play's own advance calls. */
class DeclarativePlayOptionsTests {

    @Test
    void theRollbackDrillWithADeclaredTargetIsRefusedBeforeAnythingStarts() {
        LintOutcome outcome = LintOutcome.molt("play", "--declarative", "--rollback-drill", "--port-offset", "1");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--declarative rolls back by lowering the target to 4");
        assertThat(outcome.out()).doesNotContain("starting");
    }

    @Test
    void aFaultDrillWithADeclaredTargetIsRefusedBeforeAnythingStarts() {
        LintOutcome outcome = LintOutcome.molt("play", "--declarative", "--faults", "replicator", "--port-offset", "1");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--faults", "not with --declarative");
        assertThat(outcome.out()).doesNotContain("starting");
    }
}
