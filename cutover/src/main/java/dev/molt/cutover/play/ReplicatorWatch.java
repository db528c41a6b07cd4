package dev.molt.cutover.play;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Talks to the replicator's API with the admin token: reads the lag for the progress line, drains a
 * pipeline before a check, pauses and resumes one (the declarative play's lag block), and has it
 * compare its source and target.
 */
final class ReplicatorWatch {

    private final HttpClient http;
    private final URI base;
    private final String token;

    ReplicatorWatch(HttpClient http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /** The worst lag of the streaming pipelines, or -1 when none streams or the replicator is away. */
    long lagMillis() {
        long worst = -1;
        for (JsonNode pipeline : pipelines()) {
            if ("STREAMING".equals(pipeline.path("state").asString())) {
                worst = Math.max(worst, pipeline.path("lagMillis").asLong());
            }
        }
        return worst;
    }

    /** Whether {@code pipeline} streams now (false when the replicator is away). */
    boolean streaming(String pipeline) {
        for (JsonNode node : pipelines()) {
            if (pipeline.equals(node.path("name").asString())) {
                return "STREAMING".equals(node.path("state").asString());
            }
        }
        return false;
    }

    /** The pipelines as {@code GET /replication} lists them; none when the replicator is away. */
    private List<JsonNode> pipelines() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/replication"))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> pipelines = new ArrayList<>();
            Dialect.parse(response.body()).path("pipelines").forEach(pipelines::add);
            return pipelines;
        } catch (IOException | RuntimeException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** Waits until {@code pipeline} has applied everything its source holds now. */
    void drain(String pipeline, Duration timeout) {
        post("/replication/" + pipeline + "/drain?timeoutMs=" + timeout.toMillis(), "draining " + pipeline, timeout);
    }

    /** Pauses {@code pipeline}: it keeps its position and applies nothing until resumed. */
    void pause(String pipeline) {
        post("/replication/" + pipeline + "/pause", "pausing " + pipeline, Duration.ofSeconds(10));
    }

    /** Resumes a paused {@code pipeline}. */
    void resume(String pipeline) {
        post("/replication/" + pipeline + "/resume", "resuming " + pipeline, Duration.ofSeconds(10));
    }

    /**
     * Has the replicator compare {@code pipeline}'s source and target through the mapping (chunk
     * checksums, then row by row where a chunk differs), as stage 4's guard does.
     */
    WriteCheck.Result verify(String pipeline, String name) {
        JsonNode report = Dialect.parse(
                post("/replication/" + pipeline + "/verification", "verifying " + pipeline, Duration.ofMinutes(2)));
        List<String> problems = new ArrayList<>();
        if (!report.path("equal").asBoolean()) {
            problems.add("missing " + report.path("missingCount").asLong() + " " + report.path("missing")
                    + ", extra " + report.path("extraCount").asLong() + " " + report.path("extra")
                    + ", different " + report.path("differentCount").asLong() + " " + report.path("different"));
        }
        return new WriteCheck.Result(name, (int) report.path("rowsCompared").asLong(), problems, true);
    }

    private String post(String path, String what, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .header("Authorization", "Bearer " + token)
                            .timeout(timeout.plusSeconds(5))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        }
    }
}
