package dev.molt.cutover.play;

import java.math.BigDecimal;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Reads the steps the gateway took from the history in {@code GET /admin/cutover}, each once: the
 * play cuts its report at every one, so a step taken between two looks (the gateway decides when,
 * not the play) still gets a segment of its own, with the hold of its switch and its actor.
 */
final class StepFollower {

    private Instant lastStep;

    /** Starts after the last step {@code initial}'s history holds. */
    StepFollower(JsonNode initial) {
        for (JsonNode entry : initial.path("history")) {
            if (isStep(entry)) {
                lastStep = latest(lastStep, at(entry));
            }
        }
    }

    /** Tells {@code stops} of each step in {@code state}'s history not told before; returns how many. */
    int follow(JsonNode state, StageCourse.Stops stops) {
        int taken = 0;
        for (JsonNode entry : state.path("history")) {
            if (!isStep(entry)) {
                continue;
            }
            Instant at = at(entry);
            if (lastStep != null && !at.isAfter(lastStep)) {
                continue;
            }
            lastStep = at;
            int from = entry.path("from").asInt();
            int to = entry.path("to").asInt();
            if (Math.abs(to - from) != 1) {
                stops.failed("the gateway went from stage " + from + " to " + to + " in one step");
            }
            Long hold = entry.hasNonNull("holdMillis") ? entry.get("holdMillis").asLong() : null;
            stops.entered(new StageStep(
                    new Transition(to > from, to),
                    name(state, to),
                    hold,
                    entry.path("actor").asString(null),
                    at.toEpochMilli()));
            taken++;
        }
        return taken;
    }

    private static boolean isStep(JsonNode entry) {
        return "DONE".equals(entry.path("outcome").asString())
                && entry.path("from").asInt() != entry.path("to").asInt();
    }

    /** The stage's name from the stage table the gateway lists. */
    private static String name(JsonNode state, int stage) {
        for (JsonNode known : state.path("stages")) {
            if (known.path("stage").asInt() == stage && known.hasNonNull("name")) {
                return known.get("name").asString();
            }
        }
        return "stage " + stage;
    }

    /** When the last step told was taken; null before any. */
    Instant lastStep() {
        return lastStep;
    }

    /** When a history entry was made. */
    static Instant at(JsonNode entry) {
        return instant(entry.path("at"));
    }

    /** An instant as the admin API writes it: ISO-8601, or epoch seconds with a fraction. */
    static Instant instant(JsonNode at) {
        if (at.isNumber()) {
            BigDecimal seconds = at.decimalValue();
            return Instant.ofEpochSecond(
                    seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        return Instant.parse(at.asString());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
