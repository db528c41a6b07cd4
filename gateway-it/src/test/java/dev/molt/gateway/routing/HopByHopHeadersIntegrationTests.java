package dev.molt.gateway.routing;

import static dev.molt.gateway.support.RawConnection.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.RawConnection;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import dev.molt.testsupport.TestBackend;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Headers a message's {@code Connection} header names stay on their hop, on both proxy paths, in a
 * request (an {@code If-Match} must not reach the backend) and in an answer.
 */
class HopByHopHeadersIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void aHeaderNamedInConnectionStaysOnItsHopBothWaysOnEitherPath() throws Exception {
        TestServices services = fixture.services();
        RunningGateway gateway = fixture.start(Map.of());
        TestBackend backend = services.oldQuery();
        backend.api(exchange -> {
            var seen = exchange.getRequestHeaders();
            exchange.getResponseHeaders().set("X-Seen-If-Match", String.valueOf(seen.containsKey("If-Match")));
            exchange.getResponseHeaders().set("X-Seen-Client", String.valueOf(seen.getFirst("X-Client-Id")));
            exchange.getResponseHeaders().set("Connection", "X-Backend-Only");
            exchange.getResponseHeaders().set("X-Backend-Only", "secret");
            backend.respond(exchange, 200, "{}", "application/json");
        });
        String request = "GET /query/api/squids/1 HTTP/1.%s\r\nHost: shop\r\nConnection: If-Match, %s\r\n"
                + "If-Match: \"v1\"\r\nX-Client-Id: shop-web\r\n\r\n";

        String direct;
        try (RawConnection client = RawConnection.to(backend.port())) {
            // the backend's Connection header names no "close": it keeps the connection; its body is {}
            direct = client.send(request.formatted("1", "close")).readUntil("{}");
        }
        String fromFastPath = exchange(gateway, request.formatted("1", "close"));
        String fromStageRoutes = exchange(gateway, request.formatted("0", "x-unused"));

        assertThat(statuses(fromFastPath)).containsExactly("200");
        assertThat(statuses(fromStageRoutes)).containsExactly("200");
        assertThat(fromFastPath).containsIgnoringCase("x-seen-if-match: false");
        assertThat(fromStageRoutes).containsIgnoringCase("x-seen-if-match: false");
        assertThat(fromFastPath).containsIgnoringCase("x-seen-client: shop-web");
        assertThat(fromStageRoutes).containsIgnoringCase("x-seen-client: shop-web");
        assertThat(direct).as("the backend does send it").containsIgnoringCase("x-backend-only: secret");
        assertThat(fromFastPath).doesNotContainIgnoringCase("x-backend-only");
        assertThat(fromStageRoutes).doesNotContainIgnoringCase("x-backend-only");
    }

    private static String exchange(RunningGateway gateway, String request) {
        try (RawConnection client = RawConnection.to(gateway.publicPort())) {
            return client.send(request).readUntilClosed();
        }
    }
}
