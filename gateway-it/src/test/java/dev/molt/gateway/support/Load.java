package dev.molt.gateway.support;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Concurrent clients that repeat a request until stopped, bounded in count and time, counting
 * answers by status and transport errors. Each client may pace itself to a rate per second.
 */
public final class Load implements AutoCloseable {

    private final ExecutorService workers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final AtomicLong transportErrors = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final long deadlineNanos;

    private Load(
            int clients,
            Duration maxDuration,
            long maxRequests,
            double perClientPerSecond,
            IntFunction<HttpResponse<String>> request) {
        this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
        this.workers = Executors.newFixedThreadPool(clients);
        long pauseNanos = perClientPerSecond <= 0 ? 0 : (long) (1_000_000_000L / perClientPerSecond);
        for (int i = 0; i < clients; i++) {
            int client = i;
            workers.submit(() -> {
                long next = System.nanoTime();
                while (running.get() && System.nanoTime() < deadlineNanos && total.incrementAndGet() <= maxRequests) {
                    try {
                        HttpResponse<String> response = request.apply(client);
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong())
                                .incrementAndGet();
                    } catch (RuntimeException e) {
                        transportErrors.incrementAndGet();
                    }
                    if (pauseNanos > 0) {
                        next += pauseNanos;
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                }
            });
        }
    }

    /** Starts {@code clients} clients repeating {@code request(clientIndex)}, paced to {@code perClientPerSecond} (0: flat out). */
    public static Load start(
            int clients,
            Duration maxDuration,
            long maxRequests,
            double perClientPerSecond,
            IntFunction<HttpResponse<String>> request) {
        return new Load(clients, maxDuration, maxRequests, perClientPerSecond, request);
    }

    public long answered(int status) {
        AtomicLong count = statuses.get(status);
        return count == null ? 0 : count.get();
    }

    public long answeredOtherThan(int... expected) {
        long other = 0;
        for (Map.Entry<Integer, AtomicLong> entry : statuses.entrySet()) {
            boolean isExpected = false;
            for (int status : expected) {
                isExpected |= entry.getKey() == status;
            }
            if (!isExpected) {
                other += entry.getValue().get();
            }
        }
        return other;
    }

    public Map<Integer, AtomicLong> statuses() {
        return Map.copyOf(statuses);
    }

    public long transportErrors() {
        return transportErrors.get();
    }

    /** Stops the clients and waits for their last requests to finish. */
    public Load stop() {
        running.set(false);
        return finish();
    }

    /** Waits until the clients reach their request or time bound. */
    public Load finish() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(90, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load clients did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    @Override
    public void close() {
        running.set(false);
        workers.shutdownNow();
    }
}
