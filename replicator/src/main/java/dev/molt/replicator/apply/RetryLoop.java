package dev.molt.replicator.apply;

import dev.molt.replicator.config.Backoff;
import java.time.Duration;

/**
 * The one retry loop of the replicator: runs a write until its database (the target, or Kafka)
 * takes it, waiting the back-off's growing delays in between. What a failed attempt means (a
 * RETRYING state, a counter, a stop that ends the loop) is the caller's, in {@link Waiter}.
 */
public final class RetryLoop {

    /** Told of each failed attempt; waits the given time, or throws to end the loop. */
    @FunctionalInterface
    public interface Waiter {
        void failed(TargetUnavailableException error, Duration wait) throws InterruptedException;
    }

    private RetryLoop() {}

    /**
     * Runs the write until it succeeds; a refused row ({@link RowRejectedException}) is thrown
     * at once, since skipping it would lose it.
     *
     * @throws InterruptedException where the waiter ended the loop
     */
    public static void run(TargetWrite write, Backoff backoff, Waiter waiter) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                write.run();
                return;
            } catch (TargetUnavailableException e) {
                waiter.failed(e, backoff.delay(attempt));
            }
        }
    }
}
