package dev.molt.cutover.play;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the clients saw, per stage segment and per second of the run, for the report and
 * the progress line.
 */
final class Traffic {

    /** One second of the run, for the timeline plot. */
    static final class Second {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final Latencies latencies = new Latencies();
        volatile long lagMillis = -1;
        volatile String stage;
    }

    private final long startMillis = System.currentTimeMillis();
    private final List<Segment> segments = new CopyOnWriteArrayList<>();
    private final Map<Long, Second> seconds = new ConcurrentSkipListMap<>();
    private final FaultDrill drill;
    private volatile Segment current;

    Traffic(int stage, String name, String label, FaultDrill drill) {
        this.drill = drill;
        begin(stage, name, label);
    }

    Segment begin(int stage, String name, String label) {
        long now = System.currentTimeMillis();
        if (current != null) {
            current.end(now);
        }
        Segment segment = new Segment(stage, name, label, now);
        segments.add(segment);
        current = segment;
        return segment;
    }

    void finish() {
        current.end(System.currentTimeMillis());
    }

    /** Records a request that just ended; one that overlaps a fault window is counted apart. */
    void record(Outcome outcome, boolean expected) {
        long end = System.currentTimeMillis();
        if (drill.inWindow(end - outcome.nanos() / 1_000_000, end)) {
            current.recordInWindow(outcome, expected);
        } else {
            current.record(outcome, expected);
        }
        Second second = second();
        second.requests.incrementAndGet();
        second.latencies.add(outcome.nanos());
        if (outcome.transportError() || !expected) {
            second.failures.incrementAndGet();
        }
    }

    void staleRead() {
        current.staleRead();
        second().failures.incrementAndGet();
    }

    void lag(long millis) {
        current.lag(millis);
        second().lagMillis = millis;
    }

    Segment current() {
        return current;
    }

    List<Segment> segments() {
        return List.copyOf(segments);
    }

    Map<Long, Second> seconds() {
        return seconds;
    }

    long startMillis() {
        return startMillis;
    }

    private Second second() {
        long index = (System.currentTimeMillis() - startMillis) / 1000;
        return seconds.computeIfAbsent(index, i -> {
            Second second = new Second();
            second.stage = current.label();
            return second;
        });
    }
}
