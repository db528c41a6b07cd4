package dev.molt.cutover.play;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One simulated API client's connection to the gateway: it names itself with {@code X-Client-Id}
 * (the gateway's read-your-writes and old-API usage tracking key on it) and speaks one dialect at
 * a time.
 */
final class ShopClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI gateway;
    private final String clientId;
    private volatile Dialect dialect = Dialect.OLD;

    ShopClient(HttpClient http, URI gateway, String clientId) {
        this.http = http;
        this.gateway = gateway;
        this.clientId = clientId;
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

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT).header("X-Client-Id", clientId);
    }

    private HttpRequest.Builder json(String path) {
        return request(path).header("Content-Type", "application/json");
    }

    private Outcome send(HttpRequest.Builder request, Dialect reader) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
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
