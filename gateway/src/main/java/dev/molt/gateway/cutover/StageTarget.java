package dev.molt.gateway.cutover;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A declared target: the stage to converge to, the stages whose forceable guards are accepted in
 * advance, why, where it came from ({@code configuration} or the admin API) and since when.
 */
public record StageTarget(int stage, List<Integer> force, String reason, String source, Instant since) {

    public StageTarget {
        force = List.copyOf(new TreeSet<>(force));
    }

    /** What is wrong with a target to {@code stage} forcing {@code force}; empty when nothing is. */
    public static List<String> problems(Integer stage, List<Integer> force) {
        List<String> problems = new ArrayList<>();
        if (stage == null) {
            problems.add("stage is required (1-12)");
        } else if (stage < 1 || stage > Stage.values().length) {
            problems.add("stage must be between 1 and " + Stage.values().length + ", was " + stage);
        }
        for (Integer forced : force == null ? List.<Integer>of() : force) {
            if (forced == null || forced < 1 || forced > Stage.values().length) {
                problems.add("force lists stages between 1 and " + Stage.values().length + ", had " + forced);
            }
        }
        return problems;
    }

    /** True when entering {@code stage} may pass its forceable guards. */
    boolean forces(Stage entered) {
        return force.contains(entered.number());
    }

    /** The actor of the history lines of the steps taken for this target. */
    String actor() {
        return "target " + stage + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    /** The same target as declared (stage, force, reason), whatever its source and time. */
    boolean sameAs(StageTarget other) {
        return other != null
                && stage == other.stage
                && force.equals(other.force)
                && Objects.equals(reason, other.reason);
    }
}
