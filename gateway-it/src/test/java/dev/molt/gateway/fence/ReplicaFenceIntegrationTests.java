package dev.molt.gateway.fence;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.Load;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestBackend;
import dev.molt.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The fenced switch across three gateway replicas over one state database: every replica's command
 * door is closed and idle before the coordinator flips, and none opens before it routes by the
 * outcome, so that under writes spread over the replicas no command fails and the command backends
 * see one side's writes end before the other side's begin, once per switch.
 */
class ReplicaFenceIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    @Test
    void switchesFiveSixFiveUnderWritesThroughThreeReplicasFailNoCommandAndNeverWriteBothSidesAtOnce()
            throws Exception {
        TestDatabase state = DatabaseServer.newDatabase("gw_state");
        List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
        serveCommands(fixture.services(), arrivals);
        fixture.replicator().pipeline("forward").state = "STREAMING";
        fixture.replicator().pipeline("reverse").state = "STREAMING";
        fixture.replicator().drainTakes(20);
        List<RunningGateway> replicas = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            replicas.add(replica(name, state));
        }
        await3Live(replicas.get(0));

        Load writes = Load.start(6, Duration.ofSeconds(60), Long.MAX_VALUE, 100, client -> {
            RunningGateway via = replicas.get(client % replicas.size());
            return via.send(HttpRequest.newBuilder(via.publicUri("/command/api/squids"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"squid\"}"))
                    .build());
        });
        awaitArrivals(arrivals, 50);
        switchVia(replicas.get(0), "advance", 6);
        awaitArrivals(arrivals, arrivals.size() + 50);
        switchVia(replicas.get(1), "rollback", 5);
        awaitArrivals(arrivals, arrivals.size() + 50);
        writes.stop();

        assertThat(writes.transportErrors()).isZero();
        assertThat(writes.answeredOtherThan(201)).as("failed commands").isZero();
        assertThat(sidesInArrivalOrder(arrivals))
                .as("each switch moves every replica's writes at once, never back and forth")
                .containsExactly("old", "new", "old");
    }

    @Test
    void aReplicaWhoseCommandsDoNotEndInTheHoldTimeOutAbortsTheSwitchEverywhere() throws Exception {
        TestDatabase state = DatabaseServer.newDatabase("gw_state");
        fixture.replicator().pipeline("forward").state = "STREAMING";
        fixture.replicator().pipeline("reverse").state = "STREAMING";
        RunningGateway a = replica("a", state);
        RunningGateway b = replica("b", state);
        await2Live(a);
        fixture.services().oldCommand().hang(true);
        CompletableFuture<HttpResponse<String>> stuck = CompletableFuture.supplyAsync(() -> command(b));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> Json.of(b.admin("GET", "/admin/cutover"))
                                .get("commandsInFlight")
                                .asInt()
                        == 1);

        HttpResponse<String> refused = a.admin("POST", "/admin/cutover/advance");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.of(refused).get("detail").asString()).contains("did not close");
        fixture.services().oldCommand().hang(false);
        for (RunningGateway replica : List.of(a, b)) {
            JsonNode view = Json.of(replica.admin("GET", "/admin/cutover"));
            assertThat(view.get("stage").asInt()).isEqualTo(5);
            assertThat(view.get("epoch").asLong()).isZero();
            HttpResponse<String> after = command(replica);
            assertThat(after.statusCode()).as("door open again on the old side").isEqualTo(201);
            assertThat(after.headers().firstValue("X-Backend")).hasValue("old-command");
        }
        assertThat(stuck).isNotCompletedExceptionally();
    }

    @Test
    void aReplicaWhoseCoordinatorWentSilentOpensOnlyOnTheStageTheStateStoreDecided() throws Exception {
        TestDatabase state = DatabaseServer.newDatabase("gw_state");
        RunningGateway b = replica("b", state);
        HttpResponse<String> closed = b.admin("POST", "/admin/cutover/replica/close?switch=lost-coordinator");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> command(b));
        try (Connection c = state.connect();
                Statement s = c.createStatement()) {
            // the coordinator wrote the new stage, then died before it released anyone
            s.executeUpdate("UPDATE molt_gateway_stage SET stage = 6, epoch = epoch + 1 WHERE id = 1");
        }
        assertThat(held).as("the door stays closed until the outcome is read").isNotDone();

        HttpResponse<String> answered = held.get(10, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(201);
        assertThat(answered.headers().firstValue("X-Backend")).hasValue("new-command");
    }

    @Test
    void theCoordinatorOpensItsDoorOnlyOnceEveryOtherReplicaRoutesByTheNewStage() throws Exception {
        TestDatabase state = DatabaseServer.newDatabase("gw_state");
        List<Long> newSideArrivals = Collections.synchronizedList(new ArrayList<>());
        TestServices services = fixture.services();
        services.oldCommand().api(exchange -> {
            TestBackend.readBody(exchange);
            services.oldCommand().respond(exchange, 201, "{}", "application/json");
        });
        services.newCommand().api(exchange -> {
            TestBackend.readBody(exchange);
            newSideArrivals.add(System.nanoTime());
            services.newCommand().respond(exchange, 201, "{}", "application/json");
        });
        fixture.replicator().pipeline("forward").state = "STREAMING";
        fixture.replicator().pipeline("reverse").state = "STREAMING";
        fixture.replicator().drainTakes(20);
        AtomicLong releaseAnsweredAt = new AtomicLong();
        HttpServer slowPeer = slowToRelease(Duration.ofMillis(300), releaseAnsweredAt);
        try {
            Files.writeString(fixture.dir().resolve("a.json"), "{\"stage\":5,\"history\":[]}");
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("molt.gateway.cutover.state-file", fixture.dir().resolve("a.json"));
            p.put("molt.gateway.state.url", state.jdbcUrl());
            p.put("molt.gateway.state.username", state.user());
            p.put("molt.gateway.state.password", state.password());
            p.put("molt.gateway.state.replica-id", "a");
            // the other replica is a stand-in that checked in once: it stays live for the lease
            p.put("molt.gateway.state.lease", "1h");
            p.put("molt.gateway.fence.hold-timeout", "2s");
            RunningGateway a = fixture.start(p);
            try (Connection c = state.connect();
                    Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO molt_gateway_replica (id, admin_url, stage, epoch, last_check_in)"
                        + " VALUES ('slow', 'http://127.0.0.1:"
                        + slowPeer.getAddress().getPort() + "', 5, 0, "
                        + System.currentTimeMillis() + ")");
            }
            await2Live(a);
            Load writes = Load.start(4, Duration.ofSeconds(30), Long.MAX_VALUE, 100, client -> command(a));
            try {
                switchVia(a, "advance", 6);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !newSideArrivals.isEmpty());
            } finally {
                writes.stop();
            }

            assertThat(releaseAnsweredAt.get())
                    .as("the other replica was released")
                    .isPositive();
            assertThat(Collections.min(newSideArrivals))
                    .as("no command reached the new side before the other replica had taken the release")
                    .isGreaterThan(releaseAnsweredAt.get());
            assertThat(writes.answeredOtherThan(201)).as("failed commands").isZero();
        } finally {
            slowPeer.stop(0);
        }
    }

    /**
     * A stand-in for another replica's admin API: it closes at once and answers a release only
     * after {@code delay}, noting when it answered.
     */
    private static HttpServer slowToRelease(Duration delay, AtomicLong answeredAt) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/admin/cutover/replica/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestURI().getPath().endsWith("/release")) {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                return;
            }
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> {
                        answeredAt.set(System.nanoTime());
                        try {
                            exchange.sendResponseHeaders(200, -1);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } finally {
                            exchange.close();
                        }
                    });
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    private static HttpResponse<String> command(RunningGateway via) {
        return via.send(HttpRequest.newBuilder(via.publicUri("/command/api/squids"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"squid\"}"))
                .build());
    }

    private static void await2Live(RunningGateway gateway) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Json.of(gateway.admin("GET", "/admin/cutover"))
                                .get("replicas")
                                .size())
                        .isEqualTo(2));
    }

    private static RunningGateway replica(String name, TestDatabase state) throws Exception {
        Files.writeString(fixture.dir().resolve(name + ".json"), "{\"stage\":5,\"history\":[]}");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("molt.gateway.cutover.state-file", fixture.dir().resolve(name + ".json"));
        p.put("molt.gateway.state.url", state.jdbcUrl());
        p.put("molt.gateway.state.username", state.user());
        p.put("molt.gateway.state.password", state.password());
        p.put("molt.gateway.state.poll-interval", "100ms");
        p.put("molt.gateway.state.replica-id", name);
        p.put("molt.gateway.fence.hold-timeout", "500ms");
        return fixture.start(p);
    }

    private static void await3Live(RunningGateway gateway) {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Json.of(gateway.admin("GET", "/admin/cutover"))
                                .get("replicas")
                                .size())
                        .isEqualTo(3));
    }

    private static void awaitArrivals(List<String> arrivals, int atLeast) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> arrivals.size() >= atLeast);
    }

    private static void switchVia(RunningGateway coordinator, String action, int stage) {
        HttpResponse<String> switched = coordinator.admin("POST", "/admin/cutover/" + action);
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        assertThat(Json.of(switched).get("stage").asInt()).isEqualTo(stage);
    }

    private static List<String> sidesInArrivalOrder(List<String> arrivals) {
        List<String> sides = new ArrayList<>();
        synchronized (arrivals) {
            for (String side : arrivals) {
                if (sides.isEmpty() || !sides.get(sides.size() - 1).equals(side)) {
                    sides.add(side);
                }
            }
        }
        return sides;
    }

    private static void serveCommands(TestServices services, List<String> arrivals) {
        services.oldCommand().api(exchange -> {
            TestBackend.readBody(exchange);
            arrivals.add("old");
            services.oldCommand().respond(exchange, 201, "{}", "application/json");
        });
        services.newCommand().api(exchange -> {
            TestBackend.readBody(exchange);
            arrivals.add("new");
            services.newCommand().respond(exchange, 201, "{}", "application/json");
        });
    }
}
