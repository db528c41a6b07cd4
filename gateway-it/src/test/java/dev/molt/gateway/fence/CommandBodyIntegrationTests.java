package dev.molt.gateway.fence;

import static dev.molt.gateway.support.RawConnection.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RawConnection;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.ScriptedBackend;
import dev.molt.gateway.support.TestServices;
import dev.molt.testsupport.TestBackend;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A command counts as in flight for the fence exactly while a backend may still run it: not before
 * its whole body has arrived (a slow client cannot hold a switch), and not only until the gateway
 * gives up on it (a backend still working on it may commit it after any answer to the client).
 */
class CommandBodyIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final String SLOW_COMMAND_HEAD = "POST /command/api/squids HTTP/1.1\r\nHost: shop\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n";

    @Test
    void aCommandWithASlowBodyNeverEntersTheFenceSoASwitchCompletesAndTheClientGets408() throws Exception {
        TestServices services = fixture.services();
        try (RunningGateway gateway = atStage5(Map.of("molt.gateway.server.body-timeout", "3s"));
                RawConnection fastPath = RawConnection.to(gateway.publicPort());
                RawConnection stageRoutes = RawConnection.to(gateway.publicPort())) {
            fastPath.send(SLOW_COMMAND_HEAD + "\r\n{\"name\":");
            // Expect: 100-continue leaves the request to Spring Cloud Gateway's routes
            stageRoutes.send(SLOW_COMMAND_HEAD + "Expect: 100-continue\r\n\r\n{\"name\":");

            HttpResponse<String> switched = gateway.admin("POST", "/admin/cutover/advance");
            String fromFastPath = fastPath.readUntilClosed();
            String fromStageRoutes = stageRoutes.readUntilClosed();

            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
            assertThat(Json.of(switched).get("holdMillis").asLong()).isLessThan(2000);
            assertThat(statuses(fromFastPath)).containsExactly("408");
            assertThat(statuses(fromStageRoutes)).last().isEqualTo("408");
            assertThat(fromFastPath)
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("The request body did not arrive in full within 3000 ms");
            assertThat(services.oldCommand().apiRequests()).isZero();
            assertThat(services.newCommand().apiRequests()).isZero();
        }
    }

    @Test
    void aCommandBodyOverTheLimitIsAnswered413AndNeverReachesABackendOnEitherPath() throws Exception {
        TestServices services = fixture.services();
        try (RunningGateway gateway = atStage5(Map.of("molt.gateway.server.max-command-body", "16B"));
                RawConnection declared = RawConnection.to(gateway.publicPort());
                RawConnection chunked = RawConnection.to(gateway.publicPort());
                RawConnection stageRoutes = RawConnection.to(gateway.publicPort())) {
            String body = "{\"name\":\"a squid with a long name\"}";

            String fromDeclared = declared.send("POST /command/api/squids HTTP/1.1\r\nHost: shop\r\nContent-Length: "
                            + body.length() + "\r\n\r\n" + body)
                    .readUntilClosed();
            String fromChunked = chunked.send("POST /command/api/squids HTTP/1.1\r\nHost: shop\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n"
                            + body + "\r\n0\r\n\r\n")
                    .readUntilClosed();
            String fromStageRoutes = stageRoutes
                    .send("POST /command/api/squids HTTP/1.0\r\nHost: shop\r\nContent-Length: " + body.length()
                            + "\r\n\r\n" + body)
                    .readUntilClosed();

            assertThat(statuses(fromDeclared)).containsExactly("413");
            assertThat(statuses(fromChunked)).containsExactly("413");
            assertThat(statuses(fromStageRoutes)).containsExactly("413");
            assertThat(fromChunked).contains("A command body may have at most 16 bytes");
            assertThat(services.oldCommand().apiRequests()).isZero();
            assertThat(gateway.post("/command/api/squids", "{}").statusCode()).isEqualTo(201);
        }
    }

    @Test
    void aCommandAnswered504StaysInFlightUntilItsBackendAnswers() throws Exception {
        TestServices services = fixture.services();
        try (RunningGateway gateway = atStage5(Map.of("molt.gateway.routing.response-timeout", "500ms"))) {
            CommandFence fence = gateway.context().getBean(CommandFence.class);
            CountDownLatch backendMayAnswer = answerWhenReleased(services.oldCommand());

            HttpResponse<String> gaveUp = gateway.post("/command/api/squids", "{}");

            assertThat(gaveUp.statusCode()).isEqualTo(504);
            assertThat(fence.inFlight()).as("in flight after the 504").isEqualTo(1);
            backendMayAnswer.countDown();
            await("the backend's answer ends the command")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> fence.inFlight() == 0);
            assertThat(services.oldCommand().apiWrites()).isEqualTo(1);
        }
    }

    @Test
    void aCommandWhoseClientClosedStaysInFlightUntilItsBackendAnswers() throws Exception {
        RunningGateway gateway = atStage5(Map.of());
        TestServices services = fixture.services();
        CommandFence fence = gateway.context().getBean(CommandFence.class);
        CountDownLatch backendMayAnswer = answerWhenReleased(services.oldCommand());
        RawConnection client = RawConnection.to(gateway.publicPort());
        client.send("POST /command/api/squids HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}");
        await("the command reached the backend")
                .atMost(Duration.ofSeconds(10))
                .until(() -> services.oldCommand().apiRequests() == 1);

        client.close();

        await("the command stays in flight while its backend works on it")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> fence.inFlight() == 1);
        backendMayAnswer.countDown();
        await("the backend's answer ends the command")
                .atMost(Duration.ofSeconds(10))
                .until(() -> fence.inFlight() == 0);
    }

    @Test
    void aCommandOnTheStageRoutesWhoseClientClosedStaysInFlightUntilItsBackendAnswers() throws Exception {
        RunningGateway gateway = atStage5(Map.of());
        TestServices services = fixture.services();
        CommandFence fence = gateway.context().getBean(CommandFence.class);
        CountDownLatch backendMayAnswer = answerWhenReleased(services.oldCommand());
        // HTTP/1.0 and Expect: 100-continue leave the request to Spring Cloud Gateway's routes
        RawConnection http10 = RawConnection.to(gateway.publicPort());
        RawConnection expecting = RawConnection.to(gateway.publicPort());
        http10.send("POST /command/api/squids HTTP/1.0\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}");
        expecting.send("POST /command/api/squids HTTP/1.1\r\nHost: shop\r\nContent-Length: 2\r\n"
                + "Expect: 100-continue\r\n\r\n{}");
        await("both commands reached the backend")
                .atMost(Duration.ofSeconds(10))
                .until(() -> services.oldCommand().apiRequests() == 2);

        http10.close();
        expecting.close();

        await("the commands stay in flight while their backend works on them")
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> fence.inFlight() == 2);
        backendMayAnswer.countDown();
        await("the backend's answers end the commands")
                .atMost(Duration.ofSeconds(10))
                .until(() -> fence.inFlight() == 0);
        assertThat(services.oldCommand().apiWrites()).isEqualTo(2);
        assertThat(gateway.post("/command/api/squids", "{}").statusCode()).isEqualTo(201);
    }

    @Test
    void aCommandOnTheStageRoutesAnswered504LeavesTheFenceWithItsBackendConnectionClosed() throws Exception {
        try (ScriptedBackend silent = ScriptedBackend.answering("");
                RunningGateway gateway = atStage5(Map.of(
                        "molt.gateway.routing.response-timeout",
                        "500ms",
                        "molt.gateway.routing.backends.old-command",
                        silent.uri()));
                RawConnection http10 = RawConnection.to(gateway.publicPort())) {
            CommandFence fence = gateway.context().getBean(CommandFence.class);

            // HTTP/1.0 leaves the request to Spring Cloud Gateway's routes
            String received = http10.send(
                            "POST /command/api/squids HTTP/1.0\r\nHost: shop\r\nContent-Length: 2\r\n\r\n{}")
                    .readUntilClosed();

            assertThat(statuses(received)).containsExactly("504");
            // two waits, so that a failure says which of the two did not happen (patience for a
            // loaded machine: the suite runs three modules at once on two cores)
            await("the backend exchange ended by closing its connection")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> silent.closedByGateway() == 1);
            await("the command left the fence").atMost(Duration.ofSeconds(20)).until(() -> fence.inFlight() == 0);
            assertThat(silent.requests()).isEqualTo(1);
        }
    }

    /** Makes {@code backend} answer its API requests only once the returned latch is counted down. */
    private static CountDownLatch answerWhenReleased(TestBackend backend) {
        CountDownLatch released = new CountDownLatch(1);
        backend.api(exchange -> {
            TestBackend.readBody(exchange);
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            backend.respond(exchange, 201, "{}", "application/json");
        });
        return released;
    }

    private static RunningGateway atStage5(Map<String, ?> extra) {
        RunningGateway gateway = fixture.startAt(5, extra);
        fixture.replicator().pipeline("forward").state = "STREAMING";
        return gateway;
    }
}
