package dev.molt.gateway.cutover;

import java.util.List;

/**
 * How to enter one stage and how to roll back from it: one row of the stage table. Both directions
 * have the same shape ({@link Side}), so a transition runs one side whichever way it goes.
 */
record Step(Side enter, Side rollback) {

    /**
     * One direction of a step: guards, actions before the route change, the pipeline whose drain
     * fences the flip (the command switch only; else null) and actions after it.
     */
    record Side(List<Guard> guards, List<Action> before, String fencedBy, List<Action> after) {

        static final Side ROUTES_ONLY = new Side(List.of(), List.of(), null, List.of());

        Side guardedBy(Guard... newGuards) {
            return new Side(List.of(newGuards), before, fencedBy, after);
        }

        Side doing(Action... actions) {
            return new Side(guards, List.of(actions), fencedBy, after);
        }

        Side fencedBy(String pipeline, Action... afterwards) {
            return new Side(guards, before, pipeline, List.of(afterwards));
        }
    }

    static Step routesOnly() {
        return new Step(Side.ROUTES_ONLY, Side.ROUTES_ONLY);
    }

    Step enterIf(Guard... guards) {
        return new Step(enter.guardedBy(guards), rollback);
    }

    Step onEnter(Action... actions) {
        return new Step(enter.doing(actions), rollback);
    }

    Step enterFencedBy(String pipeline, Action... after) {
        return new Step(enter.fencedBy(pipeline, after), rollback);
    }

    Step rollbackIf(Guard... guards) {
        return new Step(enter, rollback.guardedBy(guards));
    }

    Step onRollback(Action... actions) {
        return new Step(enter, rollback.doing(actions));
    }

    Step rollbackFencedBy(String pipeline, Action... after) {
        return new Step(enter, rollback.fencedBy(pipeline, after));
    }

    /** A side effect of a transition (start a pipeline, turn aliases off); throws when it fails. */
    interface Action {
        void run();
    }
}
