package dev.molt.cutover.play;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One simulated API client's connection to the gateway: it names itself with {@code X-Client-Id}
 * (the gateway's read-your-writes and old-API usage tracking key on it) and speaks one dialect at
 * a time. With several gateway replicas it either stays on one ({@code home}) or hops to the next on
 * every request, as a client behind a round-robin balancer without sticky sessions would; either
 * way it sends back the last consistency token a command answered with, as a browser sends back the
 * cookie, which is all another replica knows of its writes.
 */
final class ShopClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The gateway's consistency token: response header of an acknowledged command, request header of a read. */
    static final String CONSISTENCY = "Molt-Consistency";

    private final HttpClient http;
    private final List<URI> gateways;
    private final boolean hopping;
    private final String clientId;
    private final AtomicInteger next;
    private volatile Dialect dialect = Dialect.OLD;
    private volatile String token;

    ShopClient(HttpClient http, URI gateway, String clientId) {
        this(http, List.of(gateway), 0, false, clientId);
    }

    /** A client of replica {@code home} mod their number, or of each in turn from there if {@code hopping}. */
    ShopClient(HttpClient http, List<URI> gateways, int home, boolean hopping, String clientId) {
        this.http = http;
        this.gateways = List.copyOf(gateways);
        this.hopping = hopping;
        this.clientId = clientId;
        this.next = new AtomicInteger(Math.floorMod(home, gateways.size()));
    }

    Dialect dialect() {
        return dialect;
    }

    void moveTo(Dialect newDialect) {
        this.dialect = newDialect;
    }

    String id() {
        return clientId;
    }

    Outcome get(long id) {
        return send(request(dialect.queries() + "/" + id).GET(), dialect);
    }

    Outcome page(int page, int size) {
        return send(
                request(dialect.queries() + "?page=" + page + "&size=" + size).GET(), null);
    }

    Outcome create(String name, int price, int stock, String origin) {
        Dialect d = dialect;
        return send(
                json(d.commands()).POST(HttpRequest.BodyPublishers.ofString(d.body(name, price, stock, origin))), d);
    }

    Outcome replace(long id, String name, int price, int stock, String origin, long ifMatch) {
        Dialect d = dialect;
        return send(
                json(d.commands() + "/" + id)
                        .header("If-Match", "\"" + ifMatch + "\"")
                        .PUT(HttpRequest.BodyPublishers.ofString(d.body(name, price, stock, origin))),
                d);
    }

    Outcome adjust(long id, int delta) {
        Dialect d = dialect;
        return send(
                json(d.commands() + "/" + id + "/stock-adjustments")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"delta\":" + delta + "}")),
                d);
    }

    Outcome delete(long id) {
        return send(request(dialect.commands() + "/" + id).DELETE(), null);
    }

    /** The replica the next request goes to. */
    URI gateway() {
        int index = hopping ? next.getAndIncrement() : next.get();
        return gateways.get(Math.floorMod(index, gateways.size()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(gateway().resolve(path)).timeout(TIMEOUT).header("X-Client-Id", clientId);
        String known = token;
        return known == null ? request : request.header(CONSISTENCY, known);
    }

    private HttpRequest.Builder json(String path) {
        return request(path).header("Content-Type", "application/json");
    }

    private Outcome send(HttpRequest.Builder request, Dialect reader) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            response.headers().firstValue(CONSISTENCY).ifPresent(issued -> token = issued);
            Squid squid = null;
            if (reader != null
                    && response.statusCode() / 100 == 2
                    && !response.body().isEmpty()) {
                squid = reader.read(Dialect.parse(response.body()));
            }
            return new Outcome(
                    response.statusCode(),
                    nanos,
                    squid,
                    null,
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            return new Outcome(0, System.nanoTime() - start, null, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, System.nanoTime() - start, null, "interrupted", null);
        }
    }
}
