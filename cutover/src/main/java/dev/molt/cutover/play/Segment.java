package dev.molt.cutover.play;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The traffic of one stay at one stage (a rollback drill visits some stages twice): counts,
 * latencies, the worst replication lag seen, and the command hold and actor of the step that began it.
 */
final class Segment {

    private final int stage;
    private final String name;
    private final String label;
    private final long startMillis;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong transportErrors = new AtomicLong();
    private final AtomicLong staleReads = new AtomicLong();
    private final AtomicLong windowRequests = new AtomicLong();
    private final AtomicLong windowCleanFailures = new AtomicLong();
    private final Map<Integer, AtomicLong> unexpected = new ConcurrentHashMap<>();
    private final LongAccumulator maxLagMillis = new LongAccumulator(Math::max, 0);
    private final Latencies latencies = new Latencies();
    private volatile Long holdMillis;
    private volatile String actor;
    private volatile long endMillis;

    /** {@code name} is the stage's name as the gateway's admin API gives it. */
    Segment(int stage, String name, String label, long startMillis) {
        this.stage = stage;
        this.name = name;
        this.label = label;
        this.startMillis = startMillis;
    }

    void record(Outcome outcome, boolean expected) {
        requests.incrementAndGet();
        latencies.add(outcome.nanos());
        if (outcome.transportError()) {
            transportErrors.incrementAndGet();
        } else if (!expected) {
            unexpected.computeIfAbsent(outcome.status(), s -> new AtomicLong()).incrementAndGet();
        }
    }

    /**
     * A request inside a fault window: a clean failure (a cut connection, 502/503/504 as
     * problem+json) is expected there and counted apart; any other unexpected status still is one.
     */
    void recordInWindow(Outcome outcome, boolean expected) {
        requests.incrementAndGet();
        windowRequests.incrementAndGet();
        latencies.add(outcome.nanos());
        if (expected) {
            return;
        }
        if (outcome.cleanFailure()) {
            windowCleanFailures.incrementAndGet();
        } else {
            unexpected.computeIfAbsent(outcome.status(), s -> new AtomicLong()).incrementAndGet();
        }
    }

    void staleRead() {
        staleReads.incrementAndGet();
    }

    void lag(long millis) {
        maxLagMillis.accumulate(millis);
    }

    void hold(Long millis) {
        this.holdMillis = millis;
    }

    /** Who took the step that began this stay, as the gateway's history names it; null when not known. */
    void actor(String actor) {
        this.actor = actor;
    }

    String actor() {
        return actor;
    }

    void end(long millis) {
        this.endMillis = millis;
    }

    int stage() {
        return stage;
    }

    String name() {
        return name;
    }

    String label() {
        return label;
    }

    long startMillis() {
        return startMillis;
    }

    long endMillis() {
        return endMillis;
    }

    long requests() {
        return requests.get();
    }

    long transportErrors() {
        return transportErrors.get();
    }

    long windowRequests() {
        return windowRequests.get();
    }

    long windowCleanFailures() {
        return windowCleanFailures.get();
    }

    long staleReads() {
        return staleReads.get();
    }

    long unexpectedStatuses() {
        return unexpected.values().stream().mapToLong(AtomicLong::get).sum();
    }

    Map<Integer, Long> unexpectedByStatus() {
        Map<Integer, Long> byStatus = new TreeMap<>();
        unexpected.forEach((status, count) -> byStatus.put(status, count.get()));
        return byStatus;
    }

    long maxLagMillis() {
        return maxLagMillis.get();
    }

    Long holdMillis() {
        return holdMillis;
    }

    double p50Millis() {
        return latencies.percentileMillis(50);
    }

    double p99Millis() {
        return latencies.percentileMillis(99);
    }
}
