package dev.molt.cutover.bench;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.admin.AdminException;
import dev.molt.cutover.stack.ProjectRoot;
import dev.molt.cutover.stack.Stack;
import dev.molt.cutover.stack.StackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The figures of several gateway replicas on the whole stack ({@code ./molt up --gateways N}: real
 * MariaDB, shop services, replicator, every gateway its own process, loopback only): (a) query
 * throughput with wrk against one replica, then against every replica at once, in the same run; (b)
 * the fenced switch's hold, {@code switches} switches 5 -> 6 -> 5 driven through the replicas' admin
 * APIs in turn under writes spread over the replicas; (c) what a consistency token costs a read,
 * wrk with and without it against one replica. A bench, not a test: it prints figures. Run it with
 * {@code cutover/bench/replicas.sh}.
 */
public final class GatewayReplicaBench {

    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final String READ = "/query/api/squids/7";
    /** When and through which port each written id was acknowledged. */
    private static final Map<Long, String> acknowledgedAt = new ConcurrentHashMap<>();

    private static final int SQUIDS = 1000;

    private final Stack stack;
    private final int replicas;
    private final List<AdminClient> admins = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private GatewayReplicaBench(Stack stack) {
        this.stack = stack;
        this.replicas = stack.ports().gateways();
        for (int replica = 0; replica < replicas; replica++) {
            admins.add(new AdminClient(URI.create(Stack.local(stack.ports().admin(replica))), stack.adminToken()));
        }
    }

    /**
     * Arguments: replicas (3), runs (3), wrk seconds (10), switches (20), writes/s (500), wrk
     * connections (16); runs 0 measures the switches alone. {@code -Dmolt.bench.transport=kafka}
     * runs the replicator on the Kafka transport.
     */
    public static void main(String[] args) throws Exception {
        int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int switches = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int writesPerSecond = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        int connections = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        try (Stack stack = Stack.start(
                ProjectRoot.find(),
                StackPorts.defaults().shiftedBy(14000).withGateways(replicas),
                null,
                Map.of("molt.gateway.cutover.max-lag", "5s"),
                Stack.Transport.valueOf(
                        System.getProperty("molt.bench.transport", "direct").toUpperCase(java.util.Locale.ROOT)),
                step -> System.out.println("- " + step))) {
            GatewayReplicaBench bench = new GatewayReplicaBench(stack);
            bench.seed();
            for (int stage = 2; stage <= 5; stage++) {
                bench.transit(0, true, stage);
            }
            System.out.printf(
                    "%d gateway replica(s) at stage 5; wrk -t1 -c%d -d%ds per replica, %d runs%n",
                    replicas, connections, seconds, runs);
            if (runs > 0) {
                bench.throughput(runs, seconds, connections);
                bench.tokenCost(runs, seconds, connections);
            }
            bench.fenceHolds(switches, writesPerSecond);
        }
        System.exit(0);
    }

    private void throughput(int runs, int seconds, int connections) throws Exception {
        List<Double> one = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double alone = wrk(List.of(0), seconds, connections, List.of());
            List<Integer> every = new ArrayList<>();
            for (int replica = 0; replica < replicas; replica++) {
                every.add(replica);
            }
            double together = wrk(every, seconds, connections, List.of());
            one.add(alone);
            all.add(together);
            ratios.add(together / alone);
            System.out.printf(
                    "(a) run %d: one replica %.0f req/s, all %d replicas %.0f req/s, ratio %.2fx%n",
                    run, alone, replicas, together, together / alone);
        }
        System.out.printf(
                "(a) median: one replica %.0f req/s, all %d replicas %.0f req/s, ratio %.2fx (median of ratios)%n",
                median(one), replicas, median(all), median(ratios));
    }

    /** A read with the token of a write made through another replica (the same one with a single replica). */
    private void tokenCost(int runs, int seconds, int connections) throws Exception {
        HttpResponse<String> written = http.send(
                HttpRequest.newBuilder(gateway(replicas - 1).resolve("/command/api/squids"))
                        .header("Content-Type", "application/json")
                        .header("X-Client-Id", "bench-token")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"token\",\"price\":5,\"stock\":2}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String token = written.headers()
                .firstValue("Molt-Consistency")
                .orElseThrow(() -> new IllegalStateException("no consistency token on " + written.statusCode()));
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            double plain = wrk(List.of(0), seconds, connections, List.of());
            double tokened = wrk(List.of(0), seconds, connections, List.of("Molt-Consistency: " + token));
            without.add(plain);
            with.add(tokened);
            ratios.add(tokened / plain);
            System.out.printf(
                    "(c) run %d: without token %.0f req/s, with token %.0f req/s, ratio %.3fx%n",
                    run, plain, tokened, tokened / plain);
        }
        System.out.printf(
                "(c) median: without token %.0f req/s, with token %.0f req/s, ratio %.3fx (median of ratios)%n",
                median(without), median(with), median(ratios));
    }

    private void fenceHolds(int switches, int writesPerSecond) throws Exception {
        int writers = 20;
        long periodMicros = 1_000_000L * writers / writesPerSecond;
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Set<Long> written = ConcurrentHashMap.newKeySet();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(writers);
        for (int writer = 0; writer < writers; writer++) {
            URI gateway = gateway(writer % replicas);
            String name = "bench-writer-" + writer;
            load.scheduleAtFixedRate(
                    () -> write(gateway, name, acknowledged, failed, written), 0, periodMicros, TimeUnit.MICROSECONDS);
        }
        try {
            int warmUp = 4;
            switchRepeatedly(warmUp, 0);
            long before = acknowledged.get();
            long start = System.nanoTime();
            List<Long> holds = switchRepeatedly(switches, warmUp);
            double perSecond = (acknowledged.get() - before) / ((System.nanoTime() - start) / 1e9);
            Collections.sort(holds);
            System.out.printf(
                    "(b) %d replica(s), %d switches 5 -> 6 -> 5 through the admin APIs in turn, %.0f writes/s"
                            + " acknowledged while measuring: hold p50 %d ms, p99 %d ms (max of %d), min %d ms%n"
                            + "    all %s%n    writes acknowledged %d, failed %d%n",
                    replicas,
                    holds.size(),
                    perSecond,
                    holds.get(holds.size() / 2),
                    holds.get((int) Math.ceil(holds.size() * 0.99) - 1),
                    holds.size(),
                    holds.get(0),
                    holds,
                    acknowledged.get(),
                    failed.get());
        } finally {
            load.shutdownNow();
            load.awaitTermination(15, TimeUnit.SECONDS);
        }
        System.out.printf("(b) acknowledged writes missing: %s%n", missing(written));
    }

    /**
     * How many acknowledged writes are missing from OLD and from NEW once replication caught up (it is
     * given up to a minute), as "OLD n of m, NEW n of m".
     */
    private String missing(Set<Long> written) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long inOld;
        long inNew;
        do {
            Set<Long> old = ids(stack.oldDatabase().connect(), "squid");
            Set<Long> neu = ids(stack.newDatabase().connect(), "seafood");
            inOld = written.stream().filter(id -> !old.contains(id)).count();
            inNew = written.stream().filter(id -> !neu.contains(id)).count();
            if (inOld == 0 && inNew == 0) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        } while (System.nanoTime() < deadline);
        if (inOld + inNew > 0) {
            printMissing("OLD", ids(stack.oldDatabase().connect(), "squid"), written);
            printMissing("NEW", ids(stack.newDatabase().connect(), "seafood"), written);
        }
        return "OLD " + inOld + " of " + written.size() + ", NEW " + inNew + " of " + written.size();
    }

    /** The first missing ids with when and through which port each was acknowledged, to find the switch. */
    private static void printMissing(String side, Set<Long> present, Set<Long> written) {
        written.stream()
                .filter(id -> !present.contains(id))
                .sorted()
                .limit(5)
                .forEach(id -> System.out.printf(
                        "    missing in %s: id %d, acknowledged %s%n", side, id, acknowledgedAt.get(id)));
    }

    private static Set<Long> ids(Connection connection, String table) throws SQLException {
        Set<Long> ids = new HashSet<>();
        try (connection;
                var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT id FROM " + table)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    private List<Long> switchRepeatedly(int count, int offset) throws InterruptedException {
        List<Long> holds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean advance = (offset + i) % 2 == 0;
            JsonNode state = transit((offset + i) % replicas, advance, advance ? 6 : 5);
            if (state.hasNonNull("holdMillis")) {
                holds.add(state.get("holdMillis").asLong());
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        return holds;
    }

    private void write(URI gateway, String client, AtomicLong acknowledged, AtomicLong failed, Set<Long> written) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(gateway.resolve("/command/api/squids"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header("X-Client-Id", client)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"w\",\"price\":5,\"stock\":2}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                acknowledged.incrementAndGet();
                Matcher id = ID.matcher(response.body());
                if (id.find()) {
                    written.add(Long.parseLong(id.group(1)));
                    acknowledgedAt.put(
                            Long.parseLong(id.group(1)), Instant.now() + " through port " + gateway.getPort());
                }
            } else {
                failed.incrementAndGet();
            }
        } catch (IOException e) {
            failed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Req/s of wrk runs started at once, one against each of {@code targets}, summed. */
    private double wrk(List<Integer> targets, int seconds, int connections, List<String> headers) throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int replica : targets) {
            List<String> command = new ArrayList<>(
                    List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "5s", "--latency"));
            for (String header : headers) {
                command.add("-H");
                command.add(header);
            }
            command.add(gateway(replica).resolve(READ).toString());
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        double total = 0;
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            Matcher matcher = REQUESTS_PER_SECOND.matcher(output);
            if (!matcher.find() || output.contains("Non-2xx")) {
                throw new IllegalStateException("wrk failed or got errors:\n" + output);
            }
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private JsonNode transit(int replica, boolean advance, int stage) throws InterruptedException {
        AdminClient admin = admins.get(replica);
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            try {
                JsonNode state = advance ? admin.advance(false) : admin.rollback(false);
                if (state.path("stage").asInt() == stage) {
                    return state;
                }
            } catch (AdminException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
    }

    private URI gateway(int replica) {
        return URI.create(Stack.local(stack.ports().gateway(replica)));
    }

    private void seed() throws SQLException {
        try (Connection connection = stack.oldDatabase().connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO squid (id, name, price, stock, origin, updated_at, version)"
                                + " VALUES (?, ?, 1000, 10, NULL, ?, 1)")) {
            for (int id = 1; id <= SQUIDS; id++) {
                insert.setLong(1, id);
                insert.setString(2, "bench squid " + id);
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
