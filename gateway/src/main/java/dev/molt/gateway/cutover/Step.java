package dev.molt.gateway.cutover;

import java.util.List;

/**
 * How to enter one stage and how to roll back from it: guards, actions around the route change and,
 * for the command switch, the pipeline whose drain fences the flip. One row of the stage table.
 */
record Step(
        List<Guard> enterGuards,
        List<Action> beforeEnter,
        String enterFencedBy,
        List<Action> afterEnter,
        List<Guard> rollbackGuards,
        List<Action> beforeRollback,
        String rollbackFencedBy,
        List<Action> afterRollback) {

    static Step routesOnly() {
        return new Step(List.of(), List.of(), null, List.of(), List.of(), List.of(), null, List.of());
    }

    Step enterIf(Guard... guards) {
        return new Step(
                List.of(guards),
                beforeEnter,
                enterFencedBy,
                afterEnter,
                rollbackGuards,
                beforeRollback,
                rollbackFencedBy,
                afterRollback);
    }

    Step onEnter(Action... actions) {
        return new Step(
                enterGuards,
                List.of(actions),
                enterFencedBy,
                afterEnter,
                rollbackGuards,
                beforeRollback,
                rollbackFencedBy,
                afterRollback);
    }

    Step enterFencedBy(String pipeline, Action... after) {
        return new Step(
                enterGuards,
                beforeEnter,
                pipeline,
                List.of(after),
                rollbackGuards,
                beforeRollback,
                rollbackFencedBy,
                afterRollback);
    }

    Step rollbackIf(Guard... guards) {
        return new Step(
                enterGuards,
                beforeEnter,
                enterFencedBy,
                afterEnter,
                List.of(guards),
                beforeRollback,
                rollbackFencedBy,
                afterRollback);
    }

    Step onRollback(Action... actions) {
        return new Step(
                enterGuards,
                beforeEnter,
                enterFencedBy,
                afterEnter,
                rollbackGuards,
                List.of(actions),
                rollbackFencedBy,
                afterRollback);
    }

    Step rollbackFencedBy(String pipeline, Action... after) {
        return new Step(
                enterGuards,
                beforeEnter,
                enterFencedBy,
                afterEnter,
                rollbackGuards,
                beforeRollback,
                pipeline,
                List.of(after));
    }

    /** A side effect of a transition (start a pipeline, turn aliases off); throws when it fails. */
    interface Action {
        void run();
    }
}
