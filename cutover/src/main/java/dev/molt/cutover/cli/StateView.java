package dev.molt.cutover.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Prints the gateway's cutover state for a person: stage, routes, the live gateway replicas,
 * replication, what blocks the next stage.
 */
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
        JsonNode replicas = state.path("replicas");
        if (replicas.isArray() && !replicas.isEmpty()) {
            out.printf(
                    "gateway replicas (%d live, epoch %d):%n",
                    replicas.size(), state.path("epoch").asLong());
            replicas.forEach(replica -> out.printf(
                    "  %-16s stage %d, epoch %d, last check-in %s%s%n",
                    replica.path("id").asString(),
                    replica.path("stage").asInt(),
                    replica.path("epoch").asLong(),
                    replica.path("lastCheckIn").asString(),
                    replica.path("self").asBoolean() ? " (this one)" : ""));
        }
        JsonNode replication = state.path("replication");
        if (!replication.isMissingNode()) {
            out.printf(
                    "replication: %s, lag %s ms%n",
                    replication.path("state").asString(),
                    replication.path("lagMs").isNull()
                            ? "-"
                            : replication.path("lagMs").asString());
            replication.path("pipelines").forEach(pipeline -> printPipeline(pipeline, out));
        }
        state.path("pipelines").forEach(pipeline -> {
            if (pipeline.hasNonNull("notComingBack")) {
                out.printf(
                        "  %s does not come back (wanted %s): %s%n",
                        pipeline.path("name").asString(),
                        pipeline.path("wanted").asString(),
                        pipeline.path("notComingBack").asString());
            }
        });
        if (state.hasNonNull("holdMillis")) {
            out.printf("command hold: %d ms%n", state.get("holdMillis").asLong());
        }
        printTarget(state.path("target"), out);
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

    /** The declared target, if any: where the gateway converges, how far it is, and what holds it. */
    private static void printTarget(JsonNode target, PrintWriter out) {
        if (!target.isObject()) {
            return;
        }
        if (target.has("stage")) {
            List<String> force = new ArrayList<>();
            target.path("force").forEach(stage -> force.add(stage.asString()));
            out.printf(
                    "target: stage %d (%s), %s since %s%s%s%n",
                    target.path("stage").asInt(),
                    target.path("source").asString(),
                    target.path("state").asString(),
                    target.path("since").asString(),
                    force.isEmpty() ? "" : ", forcing " + String.join(", ", force),
                    target.hasNonNull("reason") ? ": " + target.path("reason").asString() : "");
            target.path("blockers")
                    .forEach(blocker -> out.printf(
                            "  - %s: %s%n",
                            blocker.path("guard").asString(),
                            blocker.path("detail").asString()));
        }
        if (target.hasNonNull("configurationError")) {
            out.printf(
                    "target configuration refused: %s%n",
                    target.path("configurationError").asString());
        }
    }

    /** One pipeline: its state and lag, and while it copies, how far and how fast, and why it waits. */
    private static void printPipeline(JsonNode pipeline, PrintWriter out) {
        out.printf(
                "  %-8s %s, lag %s ms%s%n",
                pipeline.path("name").asString(),
                pipeline.path("state").asString(),
                pipeline.path("lagMillis").asString("-"),
                pipeline.hasNonNull("reason") ? " (" + pipeline.path("reason").asString() + ")" : "");
        JsonNode snapshot = pipeline.path("snapshot");
        if (snapshot.isObject() && !snapshot.path("completed").asBoolean(true)) {
            long copied = snapshot.path("rowsCopied").asLong();
            long total = Math.max(snapshot.path("rowsTotal").asLong(), 1);
            out.printf(
                    "           snapshot %d%%: %,d of %,d rows, %,.0f rows/s, ETA %s%s%n",
                    copied * 100 / total,
                    copied,
                    total,
                    snapshot.path("rowsPerSecond").asDouble(0),
                    snapshot.hasNonNull("etaSeconds")
                            ? snapshot.path("etaSeconds").asLong() + " s"
                            : "-",
                    snapshot.hasNonNull("throttled")
                            ? ", throttled: " + snapshot.path("throttled").asString()
                            : "");
        }
    }
}
