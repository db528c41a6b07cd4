package dev.molt.gateway.traffic;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One route group's traffic over the last {@link #SECONDS} seconds: a ring of per-second slots, each
 * holding the second it counts, its requests, its errors and a {@link LatencyBuckets} histogram. The
 * memory is fixed (one array, allocated once) and recording takes no lock: a few atomic increments on
 * the event loop that answered. The first request of a new second claims its slot with one
 * compare-and-set and clears it; the others wait the few nanoseconds that takes. A request whose
 * second has already left the window (a very late report) is not counted.
 */
final class TrafficWindow {

    /** How far back the window reaches. */
    static final int SECONDS = 300;

    private static final int SECOND = 0;
    private static final int REQUESTS = 1;
    private static final int ERRORS = 2;
    private static final int LATENCY = 3;
    private static final int STRIDE = LATENCY + LatencyBuckets.COUNT;
    /** The stamp of a slot being cleared for a new second. */
    private static final long CLEARING = -1;

    private final AtomicLongArray slots = new AtomicLongArray(SECONDS * STRIDE);

    /** Counts one request answered in epoch second {@code second} after {@code nanos}; {@code error} for a 5xx or a failed transfer. */
    void record(long second, boolean error, long nanos) {
        int base = base(second);
        if (!claim(base, second)) {
            return;
        }
        slots.incrementAndGet(base + REQUESTS);
        if (error) {
            slots.incrementAndGet(base + ERRORS);
        }
        slots.incrementAndGet(base + LATENCY + LatencyBuckets.of(nanos));
    }

    /** Makes the slot of {@code base} count {@code second}; false when it already counts a later one. */
    private boolean claim(int base, long second) {
        while (true) {
            long stamp = slots.get(base + SECOND);
            if (stamp == second) {
                return true;
            }
            if (stamp == CLEARING) {
                Thread.onSpinWait();
            } else if (stamp > second) {
                return false;
            } else if (slots.compareAndSet(base + SECOND, stamp, CLEARING)) {
                for (int i = 1; i < STRIDE; i++) {
                    slots.set(base + i, 0);
                }
                slots.set(base + SECOND, second);
                return true;
            }
        }
    }

    /**
     * The {@code seconds} seconds ending with {@code now} (oldest first, at most {@link #SECONDS}):
     * a second nothing was recorded in counts zero.
     */
    Series read(long now, int seconds) {
        int length = Math.max(1, Math.min(seconds, SECONDS));
        long[] requests = new long[length];
        long[] errors = new long[length];
        long[][] latency = new long[length][LatencyBuckets.COUNT];
        for (int i = 0; i < length; i++) {
            long second = now - length + 1 + i;
            int base = base(second);
            if (slots.get(base + SECOND) != second) {
                continue;
            }
            requests[i] = slots.get(base + REQUESTS);
            errors[i] = slots.get(base + ERRORS);
            for (int bucket = 0; bucket < LatencyBuckets.COUNT; bucket++) {
                latency[i][bucket] = slots.get(base + LATENCY + bucket);
            }
            if (slots.get(base + SECOND) != second) {
                // cleared for a newer second while being read
                requests[i] = 0;
                errors[i] = 0;
                latency[i] = new long[LatencyBuckets.COUNT];
            }
        }
        return new Series(now - length + 1, requests, errors, latency);
    }

    private static int base(long second) {
        return (int) Math.floorMod(second, (long) SECONDS) * STRIDE;
    }

    /** Consecutive seconds from {@code firstSecond}: requests, errors and the latency histogram of each. */
    record Series(long firstSecond, long[] requests, long[] errors, long[][] latency) {

        /** The p99 of each second in milliseconds, null where it had no request. */
        Double[] p99Millis() {
            Double[] p99 = new Double[latency.length];
            for (int i = 0; i < latency.length; i++) {
                p99[i] = LatencyBuckets.quantileMillis(latency[i], 0.99);
            }
            return p99;
        }

        /** The last {@code seconds} seconds as one: requests per second, error rate (0..1) and p99. */
        Summary lastSeconds(int seconds) {
            int from = Math.max(0, requests.length - seconds);
            int span = requests.length - from;
            long total = 0;
            long failed = 0;
            long[] merged = new long[LatencyBuckets.COUNT];
            for (int i = from; i < requests.length; i++) {
                total += requests[i];
                failed += errors[i];
                for (int bucket = 0; bucket < merged.length; bucket++) {
                    merged[bucket] += latency[i][bucket];
                }
            }
            return new Summary(
                    span == 0 ? 0 : (double) total / span,
                    total == 0 ? 0 : (double) failed / total,
                    LatencyBuckets.quantileMillis(merged, 0.99));
        }
    }

    /** Traffic over a span of seconds. */
    record Summary(double requestsPerSecond, double errorRate, Double p99Millis) {}
}
