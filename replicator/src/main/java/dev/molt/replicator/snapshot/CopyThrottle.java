package dev.molt.replicator.snapshot;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The stream has priority over the copy: the copy waits while the stream lags more than the limit,
 * and pauses after a chunk the target took longer than the limit to commit, and says why.
 */
final class CopyThrottle {

    /** How long the copy waits before it looks at the stream's lag again. */
    static final long LAG_RECHECK_MILLIS = 50;

    /** The longest pause after a slow commit. */
    static final long MAX_COMMIT_PAUSE_MILLIS = 5_000;

    /** Why the copy waits, and for how long before it looks again. */
    record Wait(String reason, long millis) {}

    private final LongSupplier lagMillis;
    private final long maxLagMillis;
    private final long maxCommitMillis;
    private volatile String reason;

    CopyThrottle(LongSupplier lagMillis, Duration maxLag, Duration maxCommitLatency) {
        this.lagMillis = lagMillis;
        this.maxLagMillis = maxLag.toMillis();
        this.maxCommitMillis = maxCommitLatency.toMillis();
    }

    /**
     * Whether to wait before the next chunk, given how long the last chunk's commit took (0 where
     * it was already waited for): while the stream lags, briefly and again; after a slow commit,
     * once, twice as long as that commit took.
     */
    Wait next(long lastCommitMillis) {
        long lag = lagMillis.getAsLong();
        Wait wait = lag > maxLagMillis
                ? new Wait("lag " + seconds(lag) + " > " + seconds(maxLagMillis), LAG_RECHECK_MILLIS)
                : lastCommitMillis > maxCommitMillis
                        ? new Wait(
                                "target commit " + lastCommitMillis + " ms > " + maxCommitMillis + " ms",
                                Math.min(lastCommitMillis * 2, MAX_COMMIT_PAUSE_MILLIS))
                        : null;
        reason = wait == null ? null : wait.reason();
        return wait;
    }

    /** The reason of the last wait while it lasts, for the status; null while the copy runs free. */
    String reason() {
        return reason;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
