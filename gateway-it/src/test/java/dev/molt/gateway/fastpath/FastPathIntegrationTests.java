package dev.molt.gateway.fastpath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import dev.molt.testsupport.TestBackend;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the fast path must do as any HTTP/1.1 proxy does, through a real gateway to real backends:
 * answer pipelined requests in order whichever path serves them, stream bodies both ways, keep
 * hop-by-hop headers on their hop, and leave what it does not serve to Spring Cloud Gateway.
 */
class FastPathIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    @Test
    void pipelinedRequestsAreAnsweredInOrderWhicheverPathServesThem() throws Exception {
        RunningGateway gateway = fixture.start(Map.of());
        String answers = exchangeRaw(
                gateway,
                "GET /query/api/squids/1 HTTP/1.1\r\nHost: shop\r\n\r\n"
                        + "GET /no/such/route HTTP/1.1\r\nHost: shop\r\n\r\n"
                        + "POST /command/api/squids HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}"
                        + "GET /query/api/squids/2 HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");

        assertThat(statuses(answers)).containsExactly("200", "404", "201", "200");
        assertThat(answers.indexOf("\"path\":\"/query/api/squids/1\""))
                .isPositive()
                .isLessThan(answers.indexOf("No route for /no/such/route"));
        assertThat(answers.indexOf("No route for /no/such/route")).isLessThan(answers.indexOf("\"method\":\"POST\""));
        assertThat(answers.indexOf("\"method\":\"POST\""))
                .isLessThan(answers.indexOf("\"path\":\"/query/api/squids/2\""));
        assertThat(answers).as("the last request asked to close").containsIgnoringCase("connection: close");
    }

    @Test
    void largeBodiesStreamBothWaysAndHopByHopHeadersStayOnTheirHop() throws Exception {
        TestServices services = fixture.services();
        RunningGateway gateway = fixture.start(Map.of());
        TestBackend backend = services.oldCommand();
        backend.api(exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var seen = exchange.getRequestHeaders();
            exchange.getResponseHeaders().set("X-Seen-Host", seen.getFirst("Host"));
            exchange.getResponseHeaders()
                    .set("X-Seen-Hop-By-Hop", String.valueOf(seen.containsKey("Keep-Alive") || seen.containsKey("Te")));
            exchange.getResponseHeaders().set("X-Seen-Client", seen.getFirst("X-Client-Id"));
            exchange.getResponseHeaders().set("Keep-Alive", "timeout=60");
            exchange.sendResponseHeaders(200, 0); // chunked
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 4; i++) {
                    out.write(body);
                }
            }
        });
        byte[] body = new byte[64 * 1024]; // the largest command body
        Arrays.fill(body, (byte) 'x');

        HttpResponse<byte[]> answer = gateway.http()
                .send(
                        HttpRequest.newBuilder(gateway.publicUri("/command/api/squids/1"))
                                .header("X-Client-Id", "shop-web")
                                .header("Keep-Alive", "timeout=5")
                                .header("TE", "trailers")
                                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).hasSize(4 * body.length);
        assertThat(answer.headers().firstValue("X-Seen-Host")).hasValue("127.0.0.1:" + backend.port());
        assertThat(answer.headers().firstValue("X-Seen-Hop-By-Hop")).hasValue("false");
        assertThat(answer.headers().firstValue("X-Seen-Client")).hasValue("shop-web");
        assertThat(answer.headers().firstValue("Keep-Alive")).isEmpty();
    }

    @Test
    void requestsTheFastPathLeavesAloneAreRoutedBySpringCloudGatewayByTheSameStage() throws Exception {
        RunningGateway gateway = fixture.startAt(8, Map.of());
        HttpClient expectingContinue =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        HttpResponse<String> command = expectingContinue.send(
                HttpRequest.newBuilder(gateway.publicUri("/command/api/squids"))
                        .expectContinue(true)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"a\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String http10 = exchangeRaw(gateway, "GET /query/api/squids/3 HTTP/1.0\r\nHost: shop\r\n\r\n");

        assertThat(command.statusCode()).isEqualTo(201);
        assertThat(Json.of(command).get("backend").asString()).isEqualTo("new-command");
        assertThat(command.headers().firstValue("Deprecation")).hasValue("true");
        assertThat(statuses(http10)).containsExactly("200");
        assertThat(http10).contains("\"backend\":\"new-query\"").containsIgnoringCase("deprecation: true");
    }

    @Test
    void aRequestInFlightWhenTheGatewayShutsDownIsStillAnswered() throws Exception {
        TestServices services = fixture.services();
        RunningGateway gateway = fixture.start(Map.of());
        services.oldQuery().api(exchange -> {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // a slow backend
            services.oldQuery().respond(exchange, 200, "{\"slow\":true}", "application/json");
        });
        CompletableFuture<HttpResponse<String>> answer = gateway.http()
                .sendAsync(
                        HttpRequest.newBuilder(gateway.publicUri("/query/api/squids/1"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        await("the request reached the backend")
                .atMost(Duration.ofSeconds(10))
                .until(() -> services.oldQuery().apiRequests() == 1);

        gateway.close();

        assertThat(answer.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(answer.get().body()).isEqualTo("{\"slow\":true}");
    }

    /** Writes {@code requests} on one connection and reads until the gateway closes it. */
    private static String exchangeRaw(RunningGateway gateway, String requests) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.publicPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> statuses(String answers) {
        Matcher matcher = STATUS_LINE.matcher(answers);
        List<String> statuses = new ArrayList<>();
        while (matcher.find()) {
            statuses.add(matcher.group(1));
        }
        return statuses;
    }
}
