package dev.molt.gateway.routing;

import static dev.molt.gateway.support.RawConnection.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.RawConnection;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.ScriptedBackend;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backend answer that is not valid HTTP cannot be framed: the client gets a 502 and its connection
 * closes, and the backend connection is closed, never put back into a pool, on either proxy path.
 */
class MalformedBackendAnswerIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void aMalformedBackendAnswerIs502WithBothConnectionsClosedOnEitherPath() throws Exception {
        try (ScriptedBackend malformed =
                        ScriptedBackend.answering("HTTP/1.1 200 OK\r\nContent-Length: twelve\r\n\r\nnot framed\r\n");
                RunningGateway gateway =
                        fixture.start(Map.of("molt.gateway.routing.backends.old-query", malformed.uri()))) {

            String fromFastPath;
            try (RawConnection client = RawConnection.to(gateway.publicPort())) {
                fromFastPath = client.send("GET /query/api/squids/1 HTTP/1.1\r\nHost: shop\r\n\r\n")
                        .readUntilClosed();
            }
            await("the fast path closed its backend connection")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> malformed.closedByGateway() == 1);
            String fromStageRoutes;
            try (RawConnection client = RawConnection.to(gateway.publicPort())) {
                fromStageRoutes = client.send("GET /query/api/squids/1 HTTP/1.0\r\nHost: shop\r\n\r\n")
                        .readUntilClosed();
            }

            assertThat(statuses(fromFastPath)).containsExactly("502");
            assertThat(fromFastPath)
                    .containsIgnoringCase("connection: close")
                    .contains("sent an answer that is not valid HTTP/1.1");
            assertThat(statuses(fromStageRoutes)).containsExactly("502");
            await("the stage routes closed their backend connection")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> malformed.closedByGateway() == 2);
            assertThat(malformed.requests()).as("never retried").isEqualTo(2);
        }
    }
}
