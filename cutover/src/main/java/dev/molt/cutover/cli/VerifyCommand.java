package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./molt verify}: compares OLD and NEW row by row through the mapping (the replicator's
 * verification, the same the stage-4 guard uses) and names every missing, extra and different id.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Compare OLD and NEW row by row through the mapping; exit 1 if they differ.")
final class VerifyCommand implements Callable<Integer> {

    @Option(
            names = "--replicator-url",
            defaultValue = "http://127.0.0.1:8301",
            description = "the replicator (default: ${DEFAULT-VALUE})")
    URI replicator;

    @Option(
            names = "--token",
            description = "the admin token, which the replicator's API requires"
                    + " (default: $MOLT_ADMIN_TOKEN, else the one ./molt up wrote)")
    String token;

    @Option(
            names = "--pipeline",
            defaultValue = "forward",
            description = "forward compares OLD with NEW, reverse NEW's squids with OLD (default: ${DEFAULT-VALUE})")
    String pipeline;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        replicator.resolve("/replication/" + pipeline + "/verification"))
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        try {
            request.header("Authorization", "Bearer " + AdminOptions.token(token));
        } catch (AdminException noToken) {
            // the replicator's 401 says what is missing, once it is reachable at all
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException(
                    "cannot reach the replicator at " + replicator + " (connection refused); is the stack up?");
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the replicator at " + replicator + ": " + e.getMessage());
        }
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the replicator answered " + response.statusCode() + ": "
                    + body.path("detail").asString(response.body()));
        }
        out.printf(
                "%d rows compared through the %s mapping%n",
                body.path("rowsCompared").asLong(), pipeline);
        for (String kind : new String[] {"missing", "extra", "different"}) {
            JsonNode ids = body.path(kind);
            long count = body.path(kind + "Count").asLong(ids.size());
            if (count > 0) {
                out.printf("  %s: %d, ids %s%n", kind, count, ids);
            }
        }
        boolean equal = body.path("equal").asBoolean();
        out.println(equal ? "OLD and NEW agree." : "OLD and NEW differ.");
        out.flush();
        return equal ? 0 : 1;
    }
}
