package dev.molt.gateway.cutover;

/**
 * Which way a transition goes: the stage it reaches and the side of the plan it runs (entering the
 * next stage, or rolling back out of the current one), so a transition is written once for both.
 */
enum Direction {
    ADVANCE("advance", "already at the last stage") {
        @Override
        Stage target(Stage from) {
            return from.next();
        }

        @Override
        Step.Side side(CutoverPlan plan, Stage from, Stage to) {
            return plan.step(to).enter();
        }
    },
    ROLLBACK("rollback", "already at the first stage") {
        @Override
        Stage target(Stage from) {
            return from.previous();
        }

        @Override
        Step.Side side(CutoverPlan plan, Stage from, Stage to) {
            return plan.step(from).rollback();
        }
    };

    private final String action;
    private final String noFurther;

    Direction(String action, String noFurther) {
        this.action = action;
        this.noFurther = noFurther;
    }

    /** The word of the history and the logs: {@code advance} or {@code rollback}. */
    String action() {
        return action;
    }

    /** Why there is no stage to go to from the last (or the first) one. */
    String noFurther() {
        return noFurther;
    }

    /** The stage this direction reaches from {@code from}; null at the end of the table. */
    abstract Stage target(Stage from);

    /** What the transition from {@code from} to {@code to} runs. */
    abstract Step.Side side(CutoverPlan plan, Stage from, Stage to);
}
