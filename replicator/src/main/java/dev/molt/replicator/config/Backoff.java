package dev.molt.replicator.config;

import java.time.Duration;

/**
 * The wait before each attempt while a database or Kafka is unreachable: {@code initial} before
 * the second attempt, multiplied by {@code multiplier} for each further one, never above {@code
 * max}. One value for every retry loop of the replicator, so that they all back off alike.
 *
 * @param initial the first wait
 * @param max the longest wait
 * @param multiplier how much each wait grows over the one before
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

    /** Beyond this many attempts the wait no longer grows (it reached {@code max} long before). */
    private static final int GROWING_ATTEMPTS = 16;

    /** The wait after the given number of failed attempts before (0 for the first failure). */
    public Duration delay(int attempt) {
        double grown = initial.toMillis() * Math.pow(multiplier, Math.min(Math.max(attempt, 0), GROWING_ATTEMPTS));
        return Duration.ofMillis((long) Math.min(grown, max.toMillis()));
    }
}
