package dev.molt.gateway.traffic;

import java.util.Arrays;

/**
 * The fixed latency histogram of one second of traffic: 1, 1.5, 2, 3, 5 and 7 per decade from 0.1 ms
 * to 70 s, plus one bucket above. A percentile is read as the upper bound of the bucket it falls in,
 * so it is at most half a step (under 50 %) high and never low: enough to see a p99 move, in a
 * few hundred bytes per second per group.
 */
final class LatencyBuckets {

    private static final double[] STEPS = {1, 1.5, 2, 3, 5, 7};
    private static final long[] UPPER_BOUNDS_NANOS = bounds();

    /** Number of buckets, the last one unbounded. */
    static final int COUNT = UPPER_BOUNDS_NANOS.length + 1;

    private LatencyBuckets() {}

    private static long[] bounds() {
        long[] bounds = new long[6 * STEPS.length];
        int i = 0;
        for (long decade = 100_000; i < bounds.length; decade *= 10) {
            for (double step : STEPS) {
                bounds[i++] = Math.round(decade * step);
            }
        }
        return bounds;
    }

    /** The bucket of a request that took {@code nanos}. */
    static int of(long nanos) {
        int at = Arrays.binarySearch(UPPER_BOUNDS_NANOS, nanos);
        return at >= 0 ? at : -at - 1;
    }

    /** The upper bound of {@code bucket} in milliseconds; the last (unbounded) bucket reports the highest bound. */
    static double upperBoundMillis(int bucket) {
        return UPPER_BOUNDS_NANOS[Math.min(bucket, UPPER_BOUNDS_NANOS.length - 1)] / 1_000_000.0;
    }

    /**
     * The {@code quantile} (0..1) of the requests counted in {@code counts} (one count per bucket), in
     * milliseconds, or null when there are none.
     */
    static Double quantileMillis(long[] counts, double quantile) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int bucket = 0; bucket < counts.length; bucket++) {
            seen += counts[bucket];
            if (seen >= rank) {
                return upperBoundMillis(bucket);
            }
        }
        return upperBoundMillis(counts.length - 1);
    }
}
