package dev.molt.gateway.admin;

import dev.molt.gateway.cutover.Peers;
import dev.molt.gateway.cutover.ReplicaRegistry;
import dev.molt.gateway.fence.FencedSwitch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The coordinating replica's side of a fenced switch across replicas: it calls every other live
 * replica's admin API (with the admin token they share) in parallel, first to close and report idle,
 * then, whatever the outcome, to release. A replica that does not answer a close in the hold
 * time-out counts as not closed, which aborts the switch; the release waits for every answer (or
 * its time-out), and one that misses it learns the outcome from the state store on its own
 * ({@code PeerHold}).
 */
@Component
class ReplicaPeers implements Peers {

    static final String CLOSE = "/admin/cutover/replica/close";
    static final String RELEASE = "/admin/cutover/replica/release";

    private static final Logger log = LoggerFactory.getLogger(ReplicaPeers.class);

    private final ReplicaRegistry replicas;
    private final AdminToken token;
    private final Duration holdTimeout;
    private final HttpClient http;

    ReplicaPeers(ReplicaRegistry replicas, AdminToken token, FencedSwitch fencedSwitch) {
        this.replicas = replicas;
        this.token = token;
        this.holdTimeout = fencedSwitch.holdTimeout();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(holdTimeout)
                .build();
    }

    @Override
    public String closeAll(String switchId) {
        List<URI> others = replicas.others();
        Map<URI, CompletableFuture<String>> answers =
                others.stream().collect(Collectors.toMap(uri -> uri, uri -> call(uri, CLOSE, switchId)));
        List<String> failures = answers.entrySet().stream()
                .map(e -> e.getValue().join() == null
                        ? null
                        : e.getKey() + ": " + e.getValue().join())
                .filter(failure -> failure != null)
                .toList();
        return failures.isEmpty()
                ? null
                : "replica(s) did not close their command door: " + String.join("; ", failures);
    }

    @Override
    public void release(String switchId) {
        CompletableFuture.allOf(replicas.others().stream()
                        .map(uri -> call(uri, RELEASE, switchId).thenAccept(failure -> {
                            if (failure != null) {
                                log.warn(
                                        "Replica {} did not take the release of switch {}: {}", uri, switchId, failure);
                            }
                        }))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    /** Completes with null on a 2xx answer, else with why not; never exceptionally. */
    private CompletableFuture<String> call(URI replica, String path, String switchId) {
        HttpRequest request = HttpRequest.newBuilder(replica.resolve(path + "?switch=" + switchId))
                .timeout(holdTimeout.plusMillis(500))
                .header("Authorization", "Bearer " + token.value())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                return error.toString();
            }
            return response.statusCode() / 100 == 2 ? null : response.statusCode() + " " + response.body();
        });
    }
}
