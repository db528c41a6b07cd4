package dev.molt.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The gateway slice's edge: answers the replicator's HTTP contract (status, start/stop, drain,
 * verification) from in-memory state that a test sets. It replicates nothing; tests that need real
 * replication belong with the real replicator. Every control call is recorded for assertions.
 */
public final class ReplicatorStub implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, Pipeline> pipelines = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> authorizations = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long drainMillis;
    private volatile boolean verificationEqual = true;

    public ReplicatorStub() throws IOException {
        pipelines.put("forward", new Pipeline("forward"));
        pipelines.put("reverse", new Pipeline("reverse"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/replication", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public Pipeline pipeline(String name) {
        return pipelines.get(name);
    }

    /** Control calls seen, like {@code "start forward"} or {@code "drain forward"}. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** How long a drain takes before it answers; beyond the caller's {@code timeoutMs} it answers 504. */
    public ReplicatorStub drainTakes(long millis) {
        this.drainMillis = millis;
        return this;
    }

    public ReplicatorStub verificationEqual(boolean equal) {
        this.verificationEqual = equal;
        return this;
    }

    /** Every distinct {@code Authorization} header the stub was called with ("none" for none). */
    public java.util.Set<String> authorizations() {
        return java.util.Set.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "none" : authorization);
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String method = exchange.getRequestMethod();
        if (parts.length == 2 && method.equals("GET")) {
            List<String> all = new ArrayList<>();
            pipelines.values().forEach(p -> all.add(p.json()));
            respond(exchange, 200, "{\"pipelines\":[" + String.join(",", all) + "]}");
            return;
        }
        Pipeline pipeline = parts.length > 2 ? pipelines.get(parts[2]) : null;
        if (pipeline == null) {
            respond(exchange, 404, problem(404, "no such pipeline"));
            return;
        }
        if (parts.length == 3 && method.equals("GET")) {
            respond(exchange, 200, pipeline.json());
            return;
        }
        String action = parts[3];
        calls.add(action + " " + pipeline.name);
        switch (action) {
            case "start", "resume" -> {
                String refusal = pipeline.refuseStart;
                if (refusal != null) {
                    respond(exchange, 409, problem(409, refusal));
                    return;
                }
                pipeline.state = "STREAMING";
                String mode = param(exchange, "mode");
                if (mode != null) {
                    pipeline.applyMode = mode;
                }
                respond(exchange, 200, pipeline.json());
            }
            case "stop" -> {
                pipeline.state = "STOPPED";
                respond(exchange, 200, pipeline.json());
            }
            case "pause" -> {
                pipeline.state = "PAUSED";
                respond(exchange, 200, pipeline.json());
            }
            case "apply-mode" -> {
                if (pipeline.refuseApplyMode) {
                    respond(exchange, 503, problem(503, "target unavailable"));
                    return;
                }
                pipeline.applyMode = param(exchange, "mode");
                String from = param(exchange, "from");
                if (from != null) {
                    calls.add(action + " " + pipeline.name + " from " + from);
                }
                respond(exchange, 200, pipeline.json());
            }
            case "drain" -> drain(exchange, pipeline, timeoutOf(exchange));
            case "verification" ->
                respond(
                        exchange,
                        200,
                        "{\"equal\":" + verificationEqual + ",\"rowsCompared\":3,\"missing\":[],\"extra\":[],"
                                + "\"different\":" + (verificationEqual ? "[]" : "[42]") + "}");
            default -> respond(exchange, 404, problem(404, "no such action"));
        }
    }

    private void drain(HttpExchange exchange, Pipeline pipeline, long timeoutMs) {
        long takes = drainMillis;
        String then = param(exchange, "then");
        Runnable answer = () -> {
            try {
                if (takes > timeoutMs) {
                    if (then != null && pipeline.setsModeLate) {
                        pipeline.applyMode = then;
                    }
                    respond(exchange, 504, problem(504, "not drained within " + timeoutMs + " ms"));
                } else {
                    if (then != null) {
                        pipeline.applyMode = then;
                    }
                    respond(
                            exchange,
                            200,
                            "{\"sourcePosition\":\"bin.000001:100\",\"appliedPosition\":\"bin.000001:100\",\"waitedMillis\":"
                                    + takes + "}");
                }
            } catch (IOException e) {
                exchange.close();
            }
        };
        later.schedule(answer, Math.min(takes, timeoutMs), TimeUnit.MILLISECONDS);
    }

    private static long timeoutOf(HttpExchange exchange) {
        String timeout = param(exchange, "timeoutMs");
        return timeout == null ? 30_000 : Long.parseLong(timeout);
    }

    private static String param(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static String problem(int status, String detail) {
        return "{\"type\":\"about:blank\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        later.shutdownNow();
    }

    /** One pipeline's reported status; tests set its fields. */
    public static final class Pipeline {
        final String name;
        public volatile String state = "STOPPED";
        public volatile boolean snapshotCompleted = true;
        public volatile long lagMillis = 5;
        public volatile LongSupplier caughtUpAt = System::currentTimeMillis;
        /** APPLY or DISCARD, as the last start, apply-mode or drain with {@code then} set it. */
        public volatile String applyMode = "APPLY";
        /** When set, an apply-mode call answers 503 and changes nothing, as a replicator whose target is away. */
        public volatile boolean refuseApplyMode;
        /** When set, a drain that times out sets its {@code then} mode all the same, as one that ended just late. */
        public volatile boolean setsModeLate;
        /** When set, a start or resume answers 409 with this detail and changes nothing. */
        public volatile String refuseStart;

        Pipeline(String name) {
            this.name = name;
        }

        String json() {
            return "{\"name\":\"" + name + "\",\"state\":\"" + state + "\",\"reason\":null,\"snapshot\":{\"completed\":"
                    + snapshotCompleted + ",\"rowsCopied\":3,\"rowsTotal\":3},\"sourcePosition\":\"bin.000001:100\","
                    + "\"appliedPosition\":\"bin.000001:100\",\"lagEvents\":0,\"lagMillis\":" + lagMillis
                    + ",\"caughtUpAt\":" + caughtUpAt.getAsLong() + ",\"eventsPerSecond\":0.0,\"applyMode\":\""
                    + applyMode + "\"}";
        }
    }
}
