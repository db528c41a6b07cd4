package dev.molt.cutover.cli;

import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;

/** Prints the gateway's cutover state for a person: stage, routes, replication, what blocks the next stage. */
final class StateView {

    private StateView() {}

    static void print(JsonNode state, PrintWriter out) {
        out.printf(
                "stage %d: %s%n",
                state.path("stage").asInt(), state.path("name").asString());
        JsonNode routes = state.path("routes");
        if (routes.isObject()) {
            out.println("routes:");
            routes.properties()
                    .forEach(route -> out.printf(
                            "  %-16s -> %s%n", route.getKey(), route.getValue().asString()));
        }
        JsonNode replication = state.path("replication");
        if (!replication.isMissingNode()) {
            out.printf(
                    "replication: %s, lag %s ms%n",
                    replication.path("state").asString(),
                    replication.path("lagMs").isNull()
                            ? "-"
                            : replication.path("lagMs").asString());
        }
        if (state.hasNonNull("holdMillis")) {
            out.printf("command hold: %d ms%n", state.get("holdMillis").asLong());
        }
        JsonNode next = state.path("next");
        if (next.isObject()) {
            JsonNode blockers = state.path("blockers");
            if (blockers.isArray() && !blockers.isEmpty()) {
                out.printf(
                        "next, stage %d (%s), is blocked:%n",
                        next.path("stage").asInt(), next.path("name").asString());
                blockers.forEach(blocker -> out.printf(
                        "  - %s: %s%n",
                        blocker.path("guard").asString(), blocker.path("detail").asString()));
            } else {
                out.printf(
                        "next: stage %d (%s), ready: ./molt advance%n",
                        next.path("stage").asInt(), next.path("name").asString());
            }
        }
        out.flush();
    }
}
