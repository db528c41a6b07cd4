package dev.molt.gateway.cutover;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Asks a service whether it is ready and turns the NEW apps' old-API alias on or off. Admin side only. */
@Component
class ServiceProbe {

    private final HttpClient http;
    private final Duration timeout;

    ServiceProbe(CutoverProperties properties) {
        this.timeout = properties.probeTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Empty when ready, else why not. */
    Optional<String> unready(URI service) {
        try {
            HttpResponse<String> response = http.send(
                    request(service, "/actuator/health/readiness").GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    ? Optional.empty()
                    : Optional.of(service + " readiness answered " + response.statusCode());
        } catch (IOException e) {
            return Optional.of(service + " not reachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    void alias(URI service, boolean enabled) {
        try {
            HttpResponse<String> response = http.send(
                    request(service, "/actuator/alias")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + enabled + "}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        service + " refused alias " + (enabled ? "on" : "off") + ": " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    service + " not reachable to turn its alias " + (enabled ? "on" : "off") + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(URI service, String path) {
        return HttpRequest.newBuilder(URI.create(service.toString().replaceAll("/$", "") + path))
                .timeout(timeout);
    }
}
