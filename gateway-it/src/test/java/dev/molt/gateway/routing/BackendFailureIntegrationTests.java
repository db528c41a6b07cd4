package dev.molt.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.DroppingBackend;
import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackendFailureIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void downBackendAnswersQuick503AndHungBackendAnswers504AfterTheResponseTimeout() throws Exception {
        TestServices services = fixture.services();
        RunningGateway gateway = fixture.startAt(
                0,
                Map.of(
                        "molt.gateway.routing.response-timeout",
                        "300ms",
                        // nothing listens there: a backend that is down, not one that stopped answering
                        "molt.gateway.routing.backends.old-query",
                        "http://127.0.0.1:" + closedPort()));
        services.oldCommand().hang(true);

        long start = System.nanoTime();
        HttpResponse<String> down = gateway.get("/query/api/squids/1");
        Duration downTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.of(down).get("detail").asString()).contains("/query/api/squids/1");
        assertThat(downTook).isLessThan(Duration.ofSeconds(1));

        start = System.nanoTime();
        HttpResponse<String> hung = gateway.post("/command/api/squids", "{}");
        Duration hungTook = Duration.ofNanos(System.nanoTime() - start);
        assertThat(hung.statusCode()).isEqualTo(504);
        assertThat(hung.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(hungTook).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
        assertThat(services.oldCommand().apiRequests())
                .as("a command is never retried")
                .isEqualTo(1);
    }

    @Test
    void readIsSentOnceMoreWhenTheBackendDropsTheConnectionButACommandIsNeverSentTwice() throws Exception {
        try (DroppingBackend reads = DroppingBackend.droppingFirst(1);
                DroppingBackend commands = DroppingBackend.droppingFirst(1);
                RunningGateway gateway = fixture.start(Map.of(
                        "molt.gateway.routing.backends.old-query", reads.uri(),
                        "molt.gateway.routing.backends.old-command", commands.uri()))) {

            HttpResponse<String> read = gateway.get("/query/api/squids/1");
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(reads.requests())
                    .as("the dropped read and its one retry")
                    .isEqualTo(2);

            HttpResponse<String> command = gateway.post("/command/api/squids", "{\"name\":\"a\"}");
            assertThat(command.statusCode()).isEqualTo(502);
            assertThat(command.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(commands.requests()).as("a command is never retried").isEqualTo(1);
        }
    }

    @Test
    void commandToADownBackendAnswers503AndIsCountedOnce() throws Exception {
        TestServices services = fixture.services();
        RunningGateway gateway = fixture.start(Map.of());
        services.oldCommand().close();

        HttpResponse<String> command = gateway.send(HttpRequest.newBuilder(gateway.publicUri("/command/api/squids"))
                .header("X-Client-Id", "shop-web")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertThat(command.statusCode()).isEqualTo(503);
        assertThat(Json.of(command).get("detail").asString()).contains("/command/api/squids");
        assertThat(gateway.context()
                        .getBean(MeterRegistry.class)
                        .get("molt.gateway.client.calls")
                        .tags("client", "shop-web", "api", "old")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }
}
