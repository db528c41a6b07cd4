package dev.molt.gateway.config;

import static dev.molt.gateway.support.RawConnection.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.RawConnection;
import dev.molt.gateway.support.RunningGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every listening port does with a client that sends too slowly, too little, too much or
 * not HTTP at all, over raw sockets to a real gateway: a half-sent head is answered 408 and closed,
 * a malformed request 400 and closed, on either proxy path and on the admin port, and never reaches
 * a backend; an idle connection is closed; connections beyond the limit are closed at once; a
 * kept-alive connection is read on whatever order its requests were answered in.
 */
class ConnectionGuardIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final String BAD_CHUNK = "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";

    @Test
    void aHalfSentHeadIsAnswered408AndClosedAfterTheHeadTimeoutOnThePublicAndTheAdminPort() throws Exception {
        try (RunningGateway gateway = start(Map.of("molt.gateway.server.head-timeout", "500ms"));
                RawConnection toPublic = RawConnection.to(gateway.publicPort());
                RawConnection toAdmin = RawConnection.to(gateway.adminPort())) {
            long start = System.nanoTime();
            toPublic.send("POST /command/api/squids HTTP/1.1\r\nHost: shop\r\nContent-Le");
            toAdmin.send("POST /admin/cutover/advance HTTP/1.1\r\nHost: admin\r\n");

            String fromPublic = toPublic.readUntilClosed();
            String fromAdmin = toAdmin.readUntilClosed();

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
            assertThat(statuses(fromPublic)).containsExactly("408");
            assertThat(statuses(fromAdmin)).containsExactly("408");
            assertThat(fromPublic)
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("The request head did not arrive in full within 500 ms");
            assertThat(fromAdmin).containsIgnoringCase("content-type: application/problem+json");
            assertThat(fixture.services().oldCommand().apiRequests()).isZero();
        }
    }

    @Test
    void anInvalidChunkSizeIsAnswered400AndNeverReachesABackendOnEitherPath() throws Exception {
        try (RunningGateway gateway = start(Map.of());
                RawConnection fastPath = RawConnection.to(gateway.publicPort());
                RawConnection stageRoutes = RawConnection.to(gateway.publicPort())) {

            String fromFastPath = fastPath.send("POST /command/api/squids HTTP/1.1\r\nHost: shop\r\n" + BAD_CHUNK)
                    .readUntilClosed();
            // Expect: 100-continue leaves the request to Spring Cloud Gateway's routes
            String fromStageRoutes = stageRoutes
                    .send("POST /command/api/squids HTTP/1.1\r\nHost: shop\r\nExpect: 100-continue\r\n" + BAD_CHUNK)
                    .readUntilClosed();

            assertThat(statuses(fromFastPath)).containsExactly("400");
            assertThat(statuses(fromStageRoutes)).last().isEqualTo("400");
            assertThat(fromFastPath)
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("The request body is not valid HTTP/1.1");
            assertThat(fixture.services().oldCommand().apiRequests()).isZero();
            assertThat(fixture.services().newCommand().apiRequests()).isZero();
        }
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RunningGateway gateway = start(Map.of("molt.gateway.server.idle-timeout", "500ms"));
                RawConnection client = RawConnection.to(gateway.publicPort())) {

            String received = client.send("GET /query/api/squids/1 HTTP/1.1\r\nHost: shop\r\n\r\n")
                    .readUntilClosed();

            assertThat(statuses(received)).containsExactly("200");
        }
    }

    @Test
    void aKeptAliveConnectionIsReadOnAfterAPipelinedRequestWasAnsweredAtOnce() throws Exception {
        // Reactor Netty 1.3.7 stopped reading here (reactor/reactor-netty#4361): a request that arrives
        // before the one ahead of it has ended waits in a queue, and one answered at once from there
        // (a 401) left the connection unread, so the client's next request hung until it gave up.
        try (RunningGateway gateway = start(Map.of());
                RawConnection client = RawConnection.to(gateway.adminPort())) {
            client.send("GET /admin/cutover HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer " + RunningGateway.TOKEN
                    + "\r\n\r\nGET /admin/cutover HTTP/1.1\r\nHost: admin\r\n\r\n");
            String first = client.readUntil("realm=\"molt-admin\"");

            String rest = client.send("GET /admin/cutover HTTP/1.1\r\nHost: admin\r\nConnection: close\r\n\r\n")
                    .readUntilClosed();

            assertThat(statuses(first + rest)).containsExactly("200", "401", "401");
        }
    }

    @Test
    void aConnectionBeyondTheLimitIsClosedAtOnceAndTheNextOneIsServedOnceOneCloses() throws Exception {
        try (RunningGateway gateway = start(Map.of("molt.gateway.server.max-connections", 2))) {
            ConnectionGuard guard = gateway.context().getBean("publicConnectionGuard", ConnectionGuard.class);
            String request = "GET /query/api/squids/1 HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n";
            List<String> received = new ArrayList<>();
            try (RawConnection first = RawConnection.to(gateway.publicPort());
                    RawConnection second = RawConnection.to(gateway.publicPort());
                    RawConnection third = RawConnection.to(gateway.publicPort())) {
                List<RawConnection> connections = List.of(first, second, third);
                // connections become active on different event loops: any one of the three may be the one too many
                await("one connection is closed at once")
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> connections.stream()
                                        .filter(RawConnection::closedByServer)
                                        .count()
                                == 1);
                for (RawConnection connection : connections) {
                    received.add(
                            connection.closedByServer()
                                    ? "closed at once"
                                    : statuses(connection.send(request).readUntilClosed())
                                            .toString());
                }
            }

            assertThat(received).containsExactlyInAnyOrder("[200]", "[200]", "closed at once");
            await("every slot is free again").atMost(Duration.ofSeconds(5)).until(() -> guard.openConnections() == 0);
            try (RawConnection next = RawConnection.to(gateway.publicPort())) {
                assertThat(statuses(next.send(request).readUntilClosed())).containsExactly("200");
            }
        }
    }

    private static RunningGateway start(Map<String, ?> extra) {
        return fixture.start(extra);
    }
}
