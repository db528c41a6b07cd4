package dev.molt.cutover.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls the gateway's admin API. Every way it can go wrong becomes an {@link AdminException}
 * whose message a person can act on: the gateway is not there, the token is missing or wrong,
 * or a guard refused (with every blocker named).
 */
public final class AdminClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String token;
    private final HttpClient http;

    public AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    /** The admin token, which the replicator's API takes as well. */
    public String token() {
        return token;
    }

    public JsonNode state() {
        return call("GET", "/admin/cutover");
    }

    public JsonNode advance(boolean force) {
        return advance(force, false);
    }

    public JsonNode rollback(boolean force) {
        return rollback(force, false);
    }

    /** One stage forward; with {@code override}, also while a target is declared, which clears it. */
    public JsonNode advance(boolean force, boolean override) {
        return call("POST", "/admin/cutover/advance" + query(force, override), null);
    }

    /** One stage back; with {@code override}, also while a target is declared, which clears it. */
    public JsonNode rollback(boolean force, boolean override) {
        return call("POST", "/admin/cutover/rollback" + query(force, override), null);
    }

    /** Declares the stage the gateway converges to, the stages whose forceable guards it may force, and why. */
    public JsonNode declareTarget(int stage, List<Integer> force, String reason) {
        ObjectNode body = JSON.createObjectNode().put("stage", stage);
        force.forEach(body.putArray("force")::add);
        if (reason != null) {
            body.put("reason", reason);
        }
        return call("PUT", "/admin/cutover/target", body.toString());
    }

    /** Clears the declared target: the stage moves by hand again. */
    public JsonNode clearTarget() {
        return call("DELETE", "/admin/cutover/target", null);
    }

    public JsonNode clients() {
        return call("GET", "/admin/cutover/clients");
    }

    private static String query(boolean force, boolean override) {
        String query = (force ? "&force=true" : "") + (override ? "&override=true" : "");
        return query.isEmpty() ? "" : "?" + query.substring(1);
    }

    private JsonNode call(String method, String path) {
        return call(method, path, null);
    }

    private JsonNode call(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("X-Molt-Actor", "molt-cli@" + System.getProperty("user.name"))
                .timeout(Duration.ofMinutes(2))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AdminException("cannot reach the gateway's admin API at " + base
                    + " (connection refused); is the stack up? Start it with ./molt up");
        } catch (HttpTimeoutException e) {
            throw new AdminException("the gateway's admin API at " + base + " did not answer in time");
        } catch (IOException e) {
            throw new AdminException("cannot reach the gateway's admin API at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted");
        }
        JsonNode body = parse(response.body());
        return switch (response.statusCode()) {
            case 200 -> body;
            case 401 -> throw new AdminException("the gateway wants an admin token (401)");
            case 403 ->
                throw new AdminException("the gateway refused the admin token (403); use the token printed"
                        + " by ./molt up or set in MOLT_ADMIN_TOKEN");
            case 409 -> throw new AdminException(refusal(body), true);
            case 400 ->
                throw new AdminException("the gateway refused the request: "
                        + (body.has("detail") ? body.get("detail").asString() : response.body()));
            default ->
                throw new AdminException("the gateway answered " + response.statusCode() + ": "
                        + (body.has("detail") ? body.get("detail").asString() : response.body()));
        };
    }

    private static String refusal(JsonNode problem) {
        StringBuilder message = new StringBuilder("refused: ");
        message.append(problem.has("detail") ? problem.get("detail").asString() : "a guard failed");
        JsonNode blockers = problem.get("blockers");
        if (blockers != null && blockers.isArray()) {
            for (JsonNode blocker : blockers) {
                message.append("\n  - ").append(blocker.isString() ? blocker.asString() : describe(blocker));
            }
        }
        return message.toString();
    }

    private static String describe(JsonNode blocker) {
        if (!blocker.has("detail")) {
            return blocker.toString();
        }
        String guard = blocker.has("guard") ? blocker.get("guard").asString() + ": " : "";
        boolean forceable = blocker.has("forceable") && blocker.get("forceable").asBoolean();
        return guard + blocker.get("detail").asString() + (forceable ? " (may be forced with --force)" : "");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("detail", body);
        }
    }
}
