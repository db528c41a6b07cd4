package dev.molt.replicator.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Events applied per second, sampled over at least a second between two reads of the status. */
final class EventRate {

    private final AtomicLong events = new AtomicLong();
    private long sampledAt = System.nanoTime();
    private long sampledEvents;
    private double perSecond;

    void add(int count) {
        events.addAndGet(count);
    }

    synchronized double perSecond() {
        long now = System.nanoTime();
        long elapsed = now - sampledAt;
        if (elapsed >= 1_000_000_000L) {
            long total = events.get();
            perSecond = (total - sampledEvents) * 1e9 / elapsed;
            sampledEvents = total;
            sampledAt = now;
        }
        return perSecond;
    }
}
