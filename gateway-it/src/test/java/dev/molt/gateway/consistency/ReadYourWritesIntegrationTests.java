package dev.molt.gateway.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Load;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.gateway.support.TestServices;
import dev.molt.testsupport.TestBackend;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadYourWritesIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final long REPLICATION_LAG_MILLIS = 80;

    @ParameterizedTest(name = "fast path on: {0}")
    @ValueSource(booleans = {true, false})
    void clientsReadTheirOwnWritesWhileOtherClientsKeepReadingNew(boolean fastPath) throws Exception {
        TestServices services = fixture.services();
        ReplicatorStub replicator = fixture.replicator();
        RunningGateway gateway = fixture.startAt(
                4, Map.of("molt.gateway.consistency.max-hold", "50ms", RunningGateway.FAST_PATH, fastPath));
        assertThat(gateway.fastPathOn()).isEqualTo(fastPath);
        LaggingShop shop = new LaggingShop(REPLICATION_LAG_MILLIS);
        shop.serveOn(services);
        replicator.pipeline("forward").caughtUpAt = shop::caughtUpAt;
        AtomicLong staleReads = new AtomicLong();
        AtomicLong writerReads = new AtomicLong();
        AtomicLong bystanderReadsNotFromNew = new AtomicLong();

        Load writers = Load.start(4, Duration.ofSeconds(15), 1_000, 0, client -> {
            HttpResponse<String> written =
                    gateway.send(HttpRequest.newBuilder(gateway.publicUri("/command/api/squids/1"))
                            .header("X-Client-Id", "writer-" + client)
                            .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                            .build());
            long version = Long.parseLong(written.body());
            HttpResponse<String> read = gateway.send(HttpRequest.newBuilder(gateway.publicUri("/query/api/squids/1"))
                    .header("X-Client-Id", "writer-" + client)
                    .build());
            writerReads.incrementAndGet();
            if (Long.parseLong(read.body()) < version) {
                staleReads.incrementAndGet();
            }
            return read;
        });
        Load bystanders = Load.start(4, Duration.ofSeconds(15), 2_000, 0, client -> {
            HttpResponse<String> read = gateway.send(HttpRequest.newBuilder(gateway.publicUri("/query/api/squids/1"))
                    .header("X-Client-Id", "reader-" + client)
                    .build());
            if (!"new-query".equals(read.headers().firstValue("X-Backend").orElse(""))) {
                bystanderReadsNotFromNew.incrementAndGet();
            }
            return read;
        });
        writers.finish();
        bystanders.finish();

        assertThat(writers.transportErrors()).isZero();
        assertThat(writers.answeredOtherThan(200)).isZero();
        assertThat(writerReads.get()).isGreaterThan(200);
        assertThat(staleReads.get()).as("stale reads after own write").isZero();
        assertThat(bystanders.answered(200)).isGreaterThan(200);
        assertThat(bystanderReadsNotFromNew.get())
                .as("reads of clients that did not write, not from NEW")
                .isZero();
    }

    /**
     * A one-row shop whose NEW side lags OLD by a fixed time: OLD answers the latest version, NEW
     * the latest version committed before {@code now - lag}, and the replicator stub reports
     * {@code caughtUpAt = now - lag}, so the stub's promise holds by construction.
     */
    static final class LaggingShop {

        private final long lagMillis;
        private final long[] commitTimes = new long[100_000];
        private int versions;

        LaggingShop(long lagMillis) {
            this.lagMillis = lagMillis;
        }

        synchronized long write() {
            commitTimes[versions] = System.currentTimeMillis();
            return ++versions;
        }

        synchronized long latest() {
            return versions;
        }

        synchronized long replicated() {
            long cutoff = caughtUpAt();
            int v = versions;
            while (v > 0 && commitTimes[v - 1] >= cutoff) {
                v--;
            }
            return v;
        }

        long caughtUpAt() {
            return System.currentTimeMillis() - lagMillis;
        }

        void serveOn(TestServices services) {
            services.oldCommand().api(exchange -> {
                TestBackend.readBody(exchange);
                services.oldCommand().respond(exchange, 200, Long.toString(write()), "text/plain");
            });
            services.oldQuery()
                    .api(exchange -> services.oldQuery().respond(exchange, 200, Long.toString(latest()), "text/plain"));
            services.newQuery()
                    .api(exchange ->
                            services.newQuery().respond(exchange, 200, Long.toString(replicated()), "text/plain"));
        }
    }
}
