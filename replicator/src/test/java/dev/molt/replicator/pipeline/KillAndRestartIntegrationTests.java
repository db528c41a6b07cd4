package dev.molt.replicator.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.replicator.support.ReplicatorProcess;
import dev.molt.replicator.support.ShopDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The replicator killed with SIGKILL at random moments, during the snapshot and while streaming
 * under writes, then restarted: NEW must end up equal to OLD through the mapping. And a replicator
 * restarted on the same command line, as a supervisor does, goes back to what its API was last
 * asked (the wanted state stored in the target) without any call.
 */
class KillAndRestartIntegrationTests {

    private static final String TOKEN = "kill-test-token";
    private static final ObjectMapper json = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();

    private static final int KILLS_DURING_SNAPSHOT = 3;
    private static final int KILLS_WHILE_STREAMING = 7;

    /**
     * Started once through the API; every later process runs on the same command line without
     * auto-start and without any call, so each restart resumes only through the wanted state
     * stored in the target.
     */
    @Test
    void killNineDuringSnapshotAndStreamingComesBackByItselfLosesDuplicatesAndResurrectsNothing() throws Exception {
        ShopDatabases shop = ShopDatabases.create("kill");
        shop.insertSquids(20_000);
        List<String> arguments = apiArguments(shop);
        arguments.add("--molt.replicator.pipelines.forward.batch-size=500");
        String api = api(arguments);
        var log = ReplicatorProcess.logFile("kill");
        Set<Long> deleted = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(
                () -> shop.writeRandomly(writing, deleted, 100_000, 6_000, Duration.ofSeconds(150)), "squid-writer");

        int killsDuringSnapshot = 0;
        for (int kill = 0; kill < KILLS_DURING_SNAPSHOT + KILLS_WHILE_STREAMING; kill++) {
            if (kill == KILLS_DURING_SNAPSHOT) {
                writer.start();
            }
            String before = offset(shop);
            try (ReplicatorProcess replicator = ReplicatorProcess.start(arguments, log)) {
                if (kill == 0) {
                    startThroughTheApi(shop, api);
                }
                // A replicator JVM may take half a minute to start when the two cores are shared.
                await("replicator " + kill + " applies")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> !offset(shop).equals(before));
                if (kill < KILLS_DURING_SNAPSHOT && !shop.forwardSnapshotCompleted()) {
                    killsDuringSnapshot++;
                }
                if (kill == KILLS_DURING_SNAPSHOT) {
                    await("snapshot completes")
                            .atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> shop.forwardSnapshotCompleted());
                }
                shop.awaitAppliedBatches(ThreadLocalRandom.current().nextInt(1, 7));
                replicator.kill();
                assertThat(replicator.isAlive()).isFalse();
            }
        }
        writing.set(false);
        writer.join(30_000);

        try (ReplicatorProcess last = ReplicatorProcess.start(arguments, log)) {
            awaitStreamingByItself(api, "after the last kill");
            await("NEW equals OLD through the mapping")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(shop.differences()).isEmpty());
        }
        assertThat(killsDuringSnapshot).as("kills that hit the snapshot").isPositive();
        assertThat(deleted).isNotEmpty();
        assertThat(shop.squidSeafood().keySet()).doesNotContainAnyElementsOf(deleted);
    }

    /**
     * A drain is "wait until caught up", not a stop: a replicator killed while it drains comes back
     * to its wanted state (RUNNING) by itself, applies what it had not, and the drain the killed
     * process never answered succeeds when the caller (the gateway's switch) tries it again.
     */
    @Test
    void killedDuringADrainComesBackStreamingByItselfAndTheRetriedDrainSucceeds() throws Exception {
        ShopDatabases shop = ShopDatabases.create("drainkill");
        shop.insertSquids(100);
        List<String> arguments = apiArguments(shop);
        String api = api(arguments);
        var log = ReplicatorProcess.logFile("drain-kill");

        long blocked;
        try (ReplicatorProcess first = ReplicatorProcess.start(arguments, log)) {
            startThroughTheApi(shop, api);
            awaitStreamingByItself(api, "after the start");
            blocked = shop.insertSquid("Blocked", 10, 1, null);
            await("the blocking row applied")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> shop.queryNew("SELECT COUNT(*) FROM seafood WHERE id = " + blocked)
                            .equals("1"));
            shop.neu().server().execute("GRANT PROCESS ON *.* TO '" + shop.neu().user() + "'@'%'");
            try (Connection lock = shop.neu().connect();
                    Statement statement = lock.createStatement()) {
                // The applier waits for this row lock, so the drain below is still waiting when the kill comes.
                lock.setAutoCommit(false);
                statement.executeQuery("SELECT id FROM seafood WHERE id = " + blocked + " FOR UPDATE");
                shop.updateSquidPrice(blocked, 99_999);
                CompletableFuture<HttpResponse<String>> drain = http.sendAsync(
                        post(api, "/replication/forward/drain?timeoutMs=60000"), BodyHandlers.ofString());
                // InnoDB refreshes what its lock tables show only after 0.1 s without a read of
                // them (CACHE_MIN_IDLE_TIME_US): a faster poll would see the same old copy forever.
                await("the applier waits for the row lock")
                        .atMost(Duration.ofSeconds(40))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> waitersOn(statement) > 0);
                assertThat(drain).isNotDone();
                first.kill();
                await("the drain's connection is cut")
                        .atMost(Duration.ofSeconds(30))
                        .until(drain::isDone);
                assertThat(drain).isCompletedExceptionally();
                lock.rollback();
            }
        }

        try (ReplicatorProcess second = ReplicatorProcess.start(arguments, log)) {
            awaitStreamingByItself(api, "after the kill during a drain");
            HttpResponse<String> drained =
                    http.send(post(api, "/replication/forward/drain?timeoutMs=60000"), BodyHandlers.ofString());
            assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
            assertThat(shop.differences()).isEmpty();
            assertThat(shop.queryNew("SELECT price_amount FROM seafood WHERE id = " + blocked))
                    .startsWith("99999");
        }
    }

    /** The shop's arguments with a fixed free port and the API token, for the same command line at every restart. */
    private static List<String> apiArguments(ShopDatabases shop) throws IOException {
        List<String> arguments = new ArrayList<>(shop.arguments());
        arguments.add("--server.port=" + ReplicatorProcess.freePort());
        arguments.add("--molt.api.token=" + TOKEN);
        return arguments;
    }

    private static String api(List<String> arguments) {
        return "http://127.0.0.1:"
                + arguments.stream()
                        .filter(a -> a.startsWith("--server.port="))
                        .findFirst()
                        .orElseThrow()
                        .substring("--server.port=".length());
    }

    /** The one API call of a test: the forward pipeline started, its wanted state stored in NEW. */
    private static void startThroughTheApi(ShopDatabases shop, String api) throws Exception {
        await("replicator API up")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> forward(api) != null);
        assertThat(forward(api).path("wanted").asString()).isEqualTo("STOPPED");
        HttpResponse<String> started = http.send(post(api, "/replication/forward/start"), BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(json.readTree(started.body()).path("wanted").asString()).isEqualTo("RUNNING");
        assertThat(shop.queryNew("SELECT wanted FROM molt_replication_wanted WHERE pipeline = 'forward'"))
                .isEqualTo("RUNNING");
    }

    private static void awaitStreamingByItself(String api, String when) {
        await("forward streaming by itself " + when)
                .atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode status = forward(api);
                    return status != null
                            && status.path("state").asString().equals("STREAMING")
                            && status.path("wanted").asString().equals("RUNNING")
                            && status.path("snapshot").path("completed").asBoolean();
                });
    }

    private static String offset(ShopDatabases shop) throws SQLException {
        return shop.queryNew("SELECT offset_value FROM molt_replication_offset WHERE pipeline = 'forward'");
    }

    /** Transactions waiting for a lock the statement's transaction holds. */
    private static int waitersOn(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM information_schema.INNODB_LOCK_WAITS w"
                + " JOIN information_schema.INNODB_TRX t ON t.trx_id = w.blocking_trx_id"
                + " WHERE t.trx_mysql_thread_id = CONNECTION_ID()")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The forward pipeline's status; null while the replicator does not answer. */
    private static JsonNode forward(String api) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(api + "/replication/forward"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    BodyHandlers.ofString());
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static HttpRequest post(String api, String path) {
        return HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
    }
}
