package dev.molt.cutover.play;

import java.util.ArrayList;
import java.util.List;

/** One move of the plan: forward to a stage, or back from it as part of the rollback drill. */
record Transition(boolean advance, int to) {

    /** Stages 2 to 12 in order; with the drill, stages 4, 6 and 10 are each left backwards once and entered again. */
    static List<Transition> plan(boolean rollbackDrill) {
        List<Transition> plan = new ArrayList<>();
        for (int stage = 2; stage <= 12; stage++) {
            plan.add(new Transition(true, stage));
            if (rollbackDrill && (stage == 4 || stage == 6 || stage == 10)) {
                plan.add(new Transition(false, stage - 1));
                plan.add(new Transition(true, stage));
            }
        }
        return plan;
    }

    String label() {
        return advance ? "-> " + to : "<- " + to;
    }
}
