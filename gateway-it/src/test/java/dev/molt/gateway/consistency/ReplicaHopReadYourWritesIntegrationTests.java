package dev.molt.gateway.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestBackend;
import dev.molt.testsupport.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read-your-writes without sticky sessions: two gateway replicas over one state database (which
 * gives them one token key, none being configured), a client that writes through one and reads through the other on every request, and
 * NEW lagging OLD. The consistency token of each acknowledged write is all the reading replica
 * knows of it.
 */
class ReplicaHopReadYourWritesIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final long LAG_MILLIS = 80;
    /**
     * NEW's lag where the test needs reads to find NEW behind: longer than any write and read on a
     * loaded machine. With 80 ms, a fresh clone's suite on two busy cores took longer than the lag
     * between a write and the next read, and no read was stale.
     */
    private static final long LONG_LAG_MILLIS = 10_000;

    private TestDatabase state;
    private Shop shop;

    @BeforeEach
    void shop() {
        state = DatabaseServer.newDatabase("gw_state");
        serveAShopLagging(LAG_MILLIS);
    }

    private void serveAShopLagging(long lagMillis) {
        shop = new Shop(lagMillis);
        shop.serveOn(fixture.services());
        fixture.replicator().pipeline("forward").state = "STREAMING";
        fixture.replicator().pipeline("forward").caughtUpAt = shop::caughtUpAt;
        // the switch's drain waits out the lag, as a real drain applies everything OLD committed
        fixture.replicator().drainTakes(lagMillis + 20);
    }

    @Test
    void aClientHoppingBetweenReplicasOnEveryRequestReadsItsOwnWritesAcrossStagesFourToSix() throws Exception {
        List<RunningGateway> replicas = List.of(replica("a"), replica("b"));
        Hopper client = new Hopper("hopper", replicas);

        client.writeThenReadElsewhere(20);
        advanceAndAwaitEveryReplica(replicas.get(0), replicas, 5);
        client.writeThenReadElsewhere(20);
        advanceAndAwaitEveryReplica(replicas.get(1), replicas, 6);
        client.writeThenReadElsewhere(20);

        assertThat(client.failed).as("commands or reads not answered 2xx").isZero();
        assertThat(client.reads).isEqualTo(60);
        assertThat(client.stale).as("stale reads").isZero();
    }

    @Test
    void withoutTheTokenTheOtherReplicaWouldServeStaleReads() throws Exception {
        serveAShopLagging(LONG_LAG_MILLIS);
        List<RunningGateway> replicas = List.of(replica("a"), replica("b"));
        Hopper client = new Hopper("forgetful", replicas);
        client.dropTokens = true;

        client.writeThenReadElsewhere(10);

        assertThat(client.stale).as("what the token prevents").isPositive();
    }

    @Test
    void aTamperedTokenIsIgnoredNeitherTrustedNorAnError() throws Exception {
        RunningGateway a = replica("a");
        RunningGateway b = replica("b");
        HttpResponse<String> written = a.send(write(a, "writer"));
        String token = written.headers().firstValue("Molt-Consistency").orElseThrow();
        assertThat(written.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("Molt-Consistency=" + token));
        String[] parts = token.split("\\.");
        String laterTime = parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 60_000) + "." + parts[3];

        HttpResponse<String> honoured = b.send(read(b, "reader", token));
        HttpResponse<String> tampered = b.send(read(b, "reader", laterTime));
        HttpResponse<String> garbage = b.send(read(b, "reader", "v1.%%%.x.y"));

        assertThat(honoured.headers().firstValue("X-Backend"))
                .as("a valid token for a write NEW lacks: held, then OLD or NEW once applied")
                .isPresent();
        assertThat(Long.parseLong(honoured.body())).isGreaterThanOrEqualTo(Long.parseLong(written.body()));
        for (HttpResponse<String> ignored : List.of(tampered, garbage)) {
            assertThat(ignored.statusCode()).isEqualTo(200);
            assertThat(ignored.headers().firstValue("X-Backend")).hasValue("new-query");
        }
    }

    private RunningGateway replica(String name) throws Exception {
        Files.writeString(fixture.dir().resolve(name + ".json"), "{\"stage\":4,\"history\":[]}");
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("molt.gateway.cutover.state-file", fixture.dir().resolve(name + ".json"));
        p.put("molt.gateway.state.url", state.jdbcUrl());
        p.put("molt.gateway.state.username", state.user());
        p.put("molt.gateway.state.password", state.password());
        p.put("molt.gateway.state.poll-interval", "100ms");
        p.put("molt.gateway.state.replica-id", name);
        p.put("molt.gateway.consistency.max-hold", "20ms");
        return fixture.start(p);
    }

    private static void advanceAndAwaitEveryReplica(
            RunningGateway coordinator, List<RunningGateway> replicas, int stage) {
        HttpResponse<String> advanced = coordinator.admin("POST", "/admin/cutover/advance");
        assertThat(advanced.statusCode()).as(advanced.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (RunningGateway replica : replicas) {
                assertThat(Json.of(replica.admin("GET", "/admin/cutover"))
                                .get("stage")
                                .asInt())
                        .isEqualTo(stage);
            }
        });
    }

    private static HttpRequest write(RunningGateway gateway, String client) {
        return HttpRequest.newBuilder(gateway.publicUri("/command/api/squids/1"))
                .header("X-Client-Id", client)
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
    }

    private static HttpRequest read(RunningGateway gateway, String client, String token) {
        HttpRequest.Builder read =
                HttpRequest.newBuilder(gateway.publicUri("/query/api/squids/1")).header("X-Client-Id", client);
        if (token != null) {
            read.header("Molt-Consistency", token);
        }
        return read.build();
    }

    /** A client that writes through one replica and reads through the next, carrying the last token. */
    private static final class Hopper {

        private final String id;
        private final List<RunningGateway> replicas;
        private String token;
        private int next;
        boolean dropTokens;
        int reads;
        int stale;
        int failed;

        Hopper(String id, List<RunningGateway> replicas) {
            this.id = id;
            this.replicas = replicas;
        }

        void writeThenReadElsewhere(int times) {
            for (int i = 0; i < times; i++) {
                RunningGateway writeVia = replicas.get(next++ % replicas.size());
                HttpResponse<String> written = writeVia.send(write(writeVia, id));
                token = dropTokens
                        ? null
                        : written.headers().firstValue("Molt-Consistency").orElse(token);
                RunningGateway readVia = replicas.get(next % replicas.size());
                HttpResponse<String> read = readVia.send(read(readVia, id, token));
                reads++;
                if (written.statusCode() / 100 != 2 || read.statusCode() != 200) {
                    failed++;
                } else if (Long.parseLong(read.body()) < Long.parseLong(written.body())) {
                    stale++;
                }
            }
        }
    }

    /**
     * One row written through OLD or (from stage 6) NEW: OLD answers the latest version; NEW has every
     * version written on NEW at once and OLD's once they are older than the lag, which the replicator
     * stub reports as {@code caughtUpAt = now - lag}.
     */
    static final class Shop {

        private final long lagMillis;
        private final List<Long> visibleOnNewFrom = new ArrayList<>();

        Shop(long lagMillis) {
            this.lagMillis = lagMillis;
        }

        synchronized long write(boolean onNew) {
            visibleOnNewFrom.add(onNew ? Long.MIN_VALUE : System.currentTimeMillis());
            return visibleOnNewFrom.size();
        }

        synchronized long latest() {
            return visibleOnNewFrom.size();
        }

        synchronized long onNew() {
            long cutoff = caughtUpAt();
            int v = 0;
            while (v < visibleOnNewFrom.size() && visibleOnNewFrom.get(v) < cutoff) {
                v++;
            }
            return v;
        }

        long caughtUpAt() {
            return System.currentTimeMillis() - lagMillis;
        }

        void serveOn(TestServices services) {
            services.oldCommand().api(exchange -> {
                TestBackend.readBody(exchange);
                services.oldCommand().respond(exchange, 200, Long.toString(write(false)), "text/plain");
            });
            services.newCommand().api(exchange -> {
                TestBackend.readBody(exchange);
                services.newCommand().respond(exchange, 200, Long.toString(write(true)), "text/plain");
            });
            services.oldQuery()
                    .api(exchange -> services.oldQuery().respond(exchange, 200, Long.toString(latest()), "text/plain"));
            services.newQuery()
                    .api(exchange -> services.newQuery().respond(exchange, 200, Long.toString(onNew()), "text/plain"));
        }
    }
}
