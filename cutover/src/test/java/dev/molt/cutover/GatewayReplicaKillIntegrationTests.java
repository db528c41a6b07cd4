package dev.molt.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.admin.AdminException;
import dev.molt.cutover.stack.DatabaseAccess;
import dev.molt.cutover.stack.ProjectRoot;
import dev.molt.cutover.stack.Stack;
import dev.molt.cutover.stack.StackPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fenced switch across gateway replicas, crashed for real: three gateway processes of one stack
 * share the cutover through the state database, commands arrive through all three, and the switch 5
 * -> 6 loses a non-coordinating replica to SIGKILL while it runs (once the coordinator holds the
 * transition lock), the switch 6 -> 5 its coordinator. Either way the switch completes everywhere or
 * is aborted everywhere: every live replica, and the killed one once the supervisor has brought it
 * back, routes by the stage the state database decided, and no acknowledged write is missing from
 * OLD or NEW. Then, on the same stack, a target declared through one replica: the replica that took
 * its first step is SIGKILLed, and the survivors carry on from the stage that was decided, each step
 * once in the shared history.
 */
class GatewayReplicaKillIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int REPLICAS = 3;
    /** From stage 5, two steps: the fenced command switch, then stopping forward replication. */
    private static final int TARGET = 7;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    @Test
    void aReplicaKilledInTheMiddleOfASwitchLeavesEveryReplicaOnTheDecidedStageAndLosesNoAcknowledgedWrite()
            throws Exception {
        long begin = System.nanoTime();
        try (Stack stack = Stack.start(
                ProjectRoot.find(),
                StackPorts.defaults().shiftedBy(13000).withGateways(REPLICAS),
                null,
                Map.of(
                        "molt.gateway.cutover.max-lag",
                        "5s",
                        "molt.gateway.state.lock-ttl",
                        "3s",
                        "molt.gateway.cutover.target.dwell",
                        "1s",
                        "molt.gateway.cutover.target.check-interval",
                        "200ms"),
                Stack.Transport.DIRECT,
                progress -> {})) {
            List<AdminClient> admins = new ArrayList<>();
            for (int replica = 0; replica < REPLICAS; replica++) {
                admins.add(new AdminClient(URI.create(Stack.local(stack.ports().admin(replica))), stack.adminToken()));
            }
            for (int stage = 2; stage <= 5; stage++) {
                transit(admins.get(0), stage, true);
            }
            awaitEveryReplicaOn(admins, 5);
            ScheduledExecutorService writers = Executors.newScheduledThreadPool(REPLICAS);
            for (int replica = 0; replica < REPLICAS; replica++) {
                URI gateway = URI.create(Stack.local(stack.ports().gateway(replica)));
                AtomicInteger count = new AtomicInteger();
                String prefix = "replica-" + replica + "-";
                writers.scheduleAtFixedRate(
                        () -> create(gateway, prefix + count.incrementAndGet()), 0, 20, TimeUnit.MILLISECONDS);
            }
            int first;
            int second;
            String converger;
            long convergedIn;
            try {
                awaitMoreAcknowledged(30);

                first = switchWithAKill(stack, admins, 0, true, 2);
                if (first == 5) {
                    transit(admins.get(0), 6, true);
                }
                awaitMoreAcknowledged(30);
                second = switchWithAKill(stack, admins, 1, false, 1);
                if (second == 6) {
                    transit(admins.get(0), 5, false);
                }
                awaitEveryReplicaOn(admins, 5);
                awaitMoreAcknowledged(30);

                long converging = System.nanoTime();
                converger = convergeWithAKill(stack, admins);
                convergedIn = Duration.ofNanos(System.nanoTime() - converging).toSeconds();
                awaitMoreAcknowledged(30);
            } finally {
                writers.shutdownNow();
                writers.awaitTermination(15, TimeUnit.SECONDS);
            }

            Set<Long> written = Set.copyOf(acknowledged);
            await("every acknowledged write in OLD and NEW")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(ids(stack.oldDatabase(), "squid")).containsAll(written);
                        assertThat(ids(stack.newDatabase(), "seafood")).containsAll(written);
                    });
            System.out.printf(
                    "replica kill drill: 5 -> 6 with gateway-2 killed %s, 6 -> 5 with its coordinator killed %s;"
                            + " target %d reached with %s killed after the first step in %d s;"
                            + " %d acknowledged writes, %d unanswered (killed replica), %d refused, %d s%n",
                    first == 6 ? "completed" : "aborted",
                    second == 5 ? "completed" : "aborted",
                    TARGET,
                    converger,
                    convergedIn,
                    written.size(),
                    unanswered.get(),
                    refused.get(),
                    Duration.ofNanos(System.nanoTime() - begin).toSeconds());
        }
    }

    /**
     * Switches through {@code coordinator} ({@code advance} 5 -> 6 or back) and SIGKILLs replica
     * {@code victim} once the coordinator holds the transition lock; returns the decided stage,
     * after checking that every replica, the victim back from its relaunch included, routes by it.
     */
    private int switchWithAKill(Stack stack, List<AdminClient> admins, int coordinator, boolean advance, int victim)
            throws Exception {
        AdminClient admin = admins.get(coordinator);
        CompletableFuture<JsonNode> answer =
                CompletableFuture.supplyAsync(() -> advance ? admin.advance(false) : admin.rollback(false));
        await("the switch under way")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(2))
                .until(() -> answer.isDone() || transitionLocked(stack.stateDatabase()));
        stack.kill(Stack.gatewayName(victim));

        JsonNode answered = null;
        try {
            answered = answer.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(AdminException.class);
        }
        int decided = decidedStage(stack.stateDatabase());
        if (answered != null) {
            assertThat(decided)
                    .as("the stage the coordinator answered")
                    .isEqualTo(answered.path("stage").asInt());
        }
        assertThat(decided).isIn(5, 6);
        awaitEveryReplicaOn(admins, decided);
        return decided;
    }

    /**
     * Declares target {@link #TARGET} through replica 0, SIGKILLs the replica that took the first
     * step as soon as that step is in the shared history, and checks that the survivors (and the
     * killed one, back from its relaunch) reach the target, each step once and in order; returns the
     * killed replica.
     */
    private String convergeWithAKill(Stack stack, List<AdminClient> admins) throws Exception {
        admins.get(0).declareTarget(TARGET, List.of(), "replica kill drill");
        List<JsonNode> first = await("the first step in the shared history")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> targetSteps(stack.stateDatabase()), steps -> !steps.isEmpty());
        String converger = takenBy(first.get(0));
        stack.kill(converger);

        awaitEveryReplicaOn(admins, TARGET);
        assertThat(targetSteps(stack.stateDatabase()))
                .extracting(step ->
                        step.path("from").asInt() + "->" + step.path("to").asInt())
                .as("each step once, none skipped or repeated")
                .containsExactly("5->6", "6->7");
        for (AdminClient admin : admins) {
            assertThat(admin.state().path("target").path("stage").asInt()).isEqualTo(TARGET);
        }
        return converger;
    }

    /** The stage changes taken for the declared target, as the shared history holds them, oldest first. */
    private static List<JsonNode> targetSteps(DatabaseAccess state) throws SQLException {
        List<JsonNode> steps = new ArrayList<>();
        try (Connection connection = state.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT entry FROM molt_gateway_history ORDER BY seq")) {
            while (result.next()) {
                JsonNode entry = JSON.readTree(result.getString(1));
                if (entry.path("actor").asString().startsWith("target " + TARGET)
                        && entry.path("outcome").asString().equals("DONE")
                        && entry.path("from").asInt() != entry.path("to").asInt()) {
                    steps.add(entry);
                }
            }
        }
        return steps;
    }

    /** The replica that took a step, from its history line ({@code taken by replica gateway-1}). */
    private static String takenBy(JsonNode step) {
        String reason = step.path("reason").asString();
        int at = reason.indexOf("taken by replica ");
        assertThat(at).as("the replica named in %s", reason).isNotNegative();
        String rest = reason.substring(at + "taken by replica ".length());
        int end = rest.indexOf(';');
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static void awaitEveryReplicaOn(List<AdminClient> admins, int stage) {
        await("every replica at stage " + stage)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .ignoreException(AdminException.class)
                .untilAsserted(() -> {
                    for (AdminClient admin : admins) {
                        JsonNode state = admin.state();
                        assertThat(state.path("stage").asInt()).isEqualTo(stage);
                        assertThat(state.path("replicas")).hasSize(admins.size());
                        for (JsonNode replica : state.path("replicas")) {
                            assertThat(replica.path("stage").asInt())
                                    .as("stage of %s", replica.path("id").asString())
                                    .isEqualTo(stage);
                        }
                    }
                });
    }

    private void awaitMoreAcknowledged(int more) {
        int target = acknowledged.size() + more;
        await("acknowledged writes").atMost(PATIENCE).until(() -> acknowledged.size() >= target);
    }

    private void create(URI gateway, String name) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(gateway.resolve("/command/api/squids"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"" + name + "\",\"price\":5,\"stock\":2}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                acknowledged.add(JSON.readTree(response.body()).path("id").asLong());
            } else {
                refused.incrementAndGet();
            }
        } catch (java.io.IOException e) {
            unanswered.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void transit(AdminClient admin, int stage, boolean forward) {
        await("stage " + stage)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .ignoreException(AdminException.class)
                .until(() -> (forward ? admin.advance(false) : admin.rollback(false))
                                .path("stage")
                                .asInt()
                        == stage);
    }

    private static boolean transitionLocked(DatabaseAccess state) throws SQLException {
        return count(state, "SELECT COUNT(*) FROM molt_gateway_LOCK") > 0;
    }

    private static int decidedStage(DatabaseAccess state) throws SQLException {
        return (int) count(state, "SELECT stage FROM molt_gateway_stage WHERE id = 1");
    }

    private static long count(DatabaseAccess database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Set<Long> ids(DatabaseAccess database, String table) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id FROM " + table)) {
            while (result.next()) {
                ids.add(result.getLong(1));
            }
        }
        return ids;
    }
}
