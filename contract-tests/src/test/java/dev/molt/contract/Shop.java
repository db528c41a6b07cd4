package dev.molt.contract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One side of the contract: a command service and a query service, reached over real HTTP on the
 * old API's paths, exactly as a client (or later the gateway) reaches them.
 */
record Shop(String name, URI command, URI query) {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    Exchange get(String path) {
        return send(HttpRequest.newBuilder(query.resolve(path)).GET());
    }

    Exchange post(String path, String json) {
        return send(HttpRequest.newBuilder(command.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Exchange put(String path, String json, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(command.resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
    }

    Exchange delete(String path) {
        return send(HttpRequest.newBuilder(command.resolve(path)).DELETE());
    }

    /** A POST with any content type and body, for the requests a careless client sends. */
    Exchange postRaw(String path, String contentType, byte[] body, boolean chunked) {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request =
                HttpRequest.newBuilder(command.resolve(path)).POST(publisher);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    Exchange postRaw(String path, String contentType, String body) {
        return postRaw(path, contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    /** A request on the command side with only its head sent, declaring a body of {@code length} bytes. */
    Exchange declaredOnly(String method, String path, String contentType, long length) {
        return RawHttp.declaredOnly(command, method, path, contentType, length);
    }

    /** A request on the command side with {@code body} sent chunked, of any method. */
    Exchange chunked(String method, String path, String contentType, byte[] body) {
        return RawHttp.chunked(command, method, path, contentType, body);
    }

    /** A request on the command side whose chunked body cannot be read. */
    Exchange malformedChunked(String method, String path, String contentType) {
        return RawHttp.malformedChunked(command, method, path, contentType);
    }

    /** A GET on the command side. */
    Exchange getCommand(String path) {
        return send(HttpRequest.newBuilder(command.resolve(path)).GET());
    }

    private Exchange send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(
                    request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return Exchange.of(response);
        } catch (IOException e) {
            throw new AssertionError(name + ": transport error " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + ": interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
