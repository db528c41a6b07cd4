package dev.molt.gateway.replication;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The replicator's contract as Java calls. Blocking calls are for the admin side (guards and the
 * switch run off the event loop); {@link #caughtUpAtAsync} is the one non-blocking call, for the
 * read-your-writes poller.
 */
@Component
public class ReplicatorClient {

    private final ReplicatorProperties properties;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    ReplicatorClient(ReplicatorProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.requestTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public String forward() {
        return properties.forwardPipeline();
    }

    public String reverse() {
        return properties.reversePipeline();
    }

    public List<PipelineStatus> pipelines() {
        JsonNode body = json.readTree(call("GET", "/replication", properties.requestTimeout()));
        return json.convertValue(
                body.get("pipelines"), json.getTypeFactory().constructCollectionType(List.class, PipelineStatus.class));
    }

    public PipelineStatus status(String pipeline) {
        return json.readValue(
                call("GET", "/replication/" + pipeline, properties.requestTimeout()), PipelineStatus.class);
    }

    /** Starts, stops, pauses or resumes a pipeline; a 409 becomes a {@link ReplicatorException}. */
    public void control(String pipeline, String action) {
        call("POST", "/replication/" + pipeline + "/" + action, properties.requestTimeout());
    }

    /** Starts a pipeline in {@code mode}; a 409 (it runs already) becomes a {@link ReplicatorException}. */
    public void start(String pipeline, ApplyMode mode) {
        call("POST", "/replication/" + pipeline + "/start?mode=" + mode, properties.requestTimeout());
    }

    /** Sets whether a pipeline writes what it captures, from its next batch on. */
    public void applyMode(String pipeline, ApplyMode mode) {
        call("POST", "/replication/" + pipeline + "/apply-mode?mode=" + mode, properties.requestTimeout());
    }

    /**
     * Sets whether a pipeline writes what its source commits from now on: the replicator marks the
     * source's current position with a heartbeat, and what the stream carries before it keeps the
     * mode before. Answers at once, without waiting until the pipeline has read that far.
     */
    public void applyModeFromSourceHead(String pipeline, ApplyMode mode, Duration timeout) {
        call("POST", "/replication/" + pipeline + "/apply-mode?mode=" + mode + "&from=SOURCE_HEAD", timeout);
    }

    /** Waits until everything up to the source's current position is applied, at most {@code timeout}. */
    public DrainResult drain(String pipeline, Duration timeout) {
        return drain(pipeline, timeout, null);
    }

    /**
     * Waits until everything up to the source's current position is applied, at most {@code
     * timeout}; then, unless {@code then} is null, sets the pipeline's apply mode before it answers.
     */
    public DrainResult drain(String pipeline, Duration timeout, ApplyMode then) {
        long millis = Math.max(1, timeout.toMillis());
        String body = call(
                "POST",
                "/replication/" + pipeline + "/drain?timeoutMs=" + millis + (then == null ? "" : "&then=" + then),
                timeout.plusMillis(250));
        return json.readValue(body, DrainResult.class);
    }

    public Verification verify(String pipeline) {
        return json.readValue(
                call("POST", "/replication/" + pipeline + "/verification", properties.verificationTimeout()),
                Verification.class);
    }

    /** The pipeline's {@code caughtUpAt} (epoch millis), or null when unknown; never blocks a thread. */
    public CompletableFuture<Long> caughtUpAtAsync(String pipeline) {
        HttpRequest request = request("GET", "/replication/" + pipeline, properties.requestTimeout());
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode caughtUpAt = json.readTree(response.body()).get("caughtUpAt");
            return caughtUpAt == null || caughtUpAt.isNull() ? null : caughtUpAt.asLong();
        });
    }

    private String call(String method, String path, Duration timeout) {
        HttpRequest request = request(method, path, timeout);
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ReplicatorException(
                    method + " " + path + " timed out after " + timeout.toMillis() + " ms", true, e);
        } catch (IOException e) {
            throw new ReplicatorException("replicator not reachable at " + properties.baseUrl() + ": " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicatorException(method + " " + path + " interrupted", false, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new ReplicatorException(
                    method + " " + path + " answered " + response.statusCode() + ": " + detailOf(response.body()),
                    response.statusCode() == 504,
                    null);
        }
        return response.body();
    }

    private HttpRequest request(String method, String path, Duration timeout) {
        URI uri = URI.create(properties.baseUrl().toString().replaceAll("/$", "") + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (properties.hasToken()) {
            request.header("Authorization", "Bearer " + properties.token());
        }
        return request.build();
    }

    private String detailOf(String body) {
        try {
            JsonNode detail = json.readTree(body).get("detail");
            return detail == null ? body : detail.asText();
        } catch (RuntimeException e) {
            return body;
        }
    }
}
