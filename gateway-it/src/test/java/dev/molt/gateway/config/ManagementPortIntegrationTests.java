package dev.molt.gateway.config;

import static dev.molt.gateway.support.RawConnection.statuses;
import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.RawConnection;
import dev.molt.gateway.support.RunningGateway;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The management port serves the actuator and nothing else: no route, no fast path, over raw
 * sockets to a real gateway; and it has the same edge as the other ports (a half-sent head is
 * answered 408 and closed after the head time-out).
 */
class ManagementPortIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void aRoutedPathOnTheManagementPortIs404AndNeverReachesABackendWhileTheActuatorAnswers() throws Exception {
        try (RunningGateway gateway = start(Map.of());
                RawConnection http11Read = RawConnection.to(managementPort(gateway));
                RawConnection http11Command = RawConnection.to(managementPort(gateway));
                RawConnection http10Read = RawConnection.to(managementPort(gateway));
                RawConnection health = RawConnection.to(managementPort(gateway))) {

            String read = http11Read
                    .send("GET /command/api/squids/1 HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n")
                    .readUntilClosed();
            String command = http11Command
                    .send("POST /command/api/squids HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                    .readUntilClosed();
            // on the public port, HTTP/1.1 goes through the fast path and HTTP/1.0 through Spring Cloud Gateway's
            // routes
            String stageRoutes = http10Read
                    .send("GET /query/api/squids/1 HTTP/1.0\r\nHost: shop\r\n\r\n")
                    .readUntilClosed();
            String actuator = health.send(
                            "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .readUntilClosed();

            assertThat(statuses(read)).as(read).containsExactly("404");
            assertThat(statuses(command)).as(command).containsExactly("404");
            assertThat(statuses(stageRoutes)).as(stageRoutes).containsExactly("404");
            assertThat(command)
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("The management port serves only /actuator/**");
            assertThat(statuses(actuator)).as(actuator).containsExactly("200");
            assertThat(actuator).contains("UP");
            assertThat(fixture.services().oldCommand().apiRequests()).isZero();
            assertThat(fixture.services().oldQuery().apiRequests()).isZero();
            assertThat(gateway.get("/query/api/squids/1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aHalfSentHeadOnTheManagementPortIsAnswered408AndClosedAfterTheHeadTimeout() throws Exception {
        try (RunningGateway gateway = start(Map.of("molt.gateway.server.head-timeout", "500ms"));
                RawConnection client = RawConnection.to(managementPort(gateway))) {
            long start = System.nanoTime();
            client.send("GET /actuator/health HTTP/1.1\r\nHost: local");

            String received = client.readUntilClosed();

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(450), Duration.ofSeconds(5));
            assertThat(statuses(received)).containsExactly("408");
            assertThat(received)
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("The request head did not arrive in full within 500 ms");
        }
    }

    private static int managementPort(RunningGateway gateway) {
        return Integer.parseInt(gateway.context().getEnvironment().getRequiredProperty("local.management.port"));
    }

    private static RunningGateway start(Map<String, ?> extra) {
        Map<String, Object> properties = new LinkedHashMap<>(extra);
        properties.put("management.server.port", 0);
        return fixture.start(properties);
    }
}
