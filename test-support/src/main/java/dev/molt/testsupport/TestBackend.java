package dev.molt.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny real HTTP service on loopback that answers like one of the shop's services: every request
 * gets 200 (201 for POST) with {@code {"backend":name,...}} and an {@code X-Backend} header, so a
 * test through a gateway sees which backend answered. It also serves
 * {@code /actuator/health/readiness} and {@code /actuator/alias} like the NEW apps, can be made
 * unready, can hang (accept and never answer), and can take a custom handler for its API paths.
 */
public final class TestBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "test-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong apiRequests = new AtomicLong();
    private final AtomicLong apiWrites = new AtomicLong();
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final AtomicBoolean aliasEnabled = new AtomicBoolean(true);
    private final AtomicBoolean hanging = new AtomicBoolean();
    private final List<HttpExchange> hung = new CopyOnWriteArrayList<>();
    private volatile HttpHandler api;

    private TestBackend(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.server.setExecutor(executor);
        this.server.createContext("/", this::handle);
        this.api = this::echo;
        this.server.start();
    }

    /** Starts a backend named {@code name} on a free loopback port. */
    public static TestBackend start(String name) {
        try {
            return new TestBackend(name);
        } catch (IOException e) {
            throw new IllegalStateException("could not start test backend " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Requests to non-actuator paths so far. */
    public long apiRequests() {
        return apiRequests.get();
    }

    /** Non-GET requests to non-actuator paths answered so far. */
    public long apiWrites() {
        return apiWrites.get();
    }

    public boolean aliasEnabled() {
        return aliasEnabled.get();
    }

    /** Readiness answers 200 UP when true, 503 DOWN when false. */
    public TestBackend ready(boolean isReady) {
        ready.set(isReady);
        return this;
    }

    /** While true, API requests are accepted and never answered (a hung service). */
    public TestBackend hang(boolean hang) {
        hanging.set(hang);
        return this;
    }

    /** Replaces the echo answer of API paths with {@code handler}; it must send a response. */
    public TestBackend api(HttpHandler handler) {
        this.api = handler;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/actuator/health/readiness")) {
            boolean up = ready.get();
            respond(exchange, up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}", "application/json");
            return;
        }
        if (path.equals("/actuator/alias")) {
            if ("POST".equals(exchange.getRequestMethod())) {
                String body = readBody(exchange);
                aliasEnabled.set(!body.replace(" ", "").contains("\"enabled\":false"));
            }
            respond(exchange, 200, "{\"enabled\":" + aliasEnabled.get() + "}", "application/json");
            return;
        }
        apiRequests.incrementAndGet();
        if (hanging.get()) {
            hung.add(exchange);
            return;
        }
        api.handle(exchange);
        if (!"GET".equals(exchange.getRequestMethod())) {
            apiWrites.incrementAndGet();
        }
    }

    private void echo(HttpExchange exchange) throws IOException {
        readBody(exchange);
        String method = exchange.getRequestMethod();
        String json = "{\"backend\":\"" + name + "\",\"method\":\"" + method + "\",\"path\":\""
                + exchange.getRequestURI().getPath() + "\"}";
        respond(exchange, "POST".equals(method) ? 201 : 200, json, "application/json");
    }

    /** Reads the whole request body as UTF-8. */
    public static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends a complete response with an {@code X-Backend} header naming the server's thread's backend. */
    public void respond(HttpExchange exchange, int status, String body, String contentType) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Backend", name);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        for (HttpExchange exchange : hung) {
            exchange.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
