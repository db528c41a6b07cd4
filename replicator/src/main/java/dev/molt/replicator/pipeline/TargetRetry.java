package dev.molt.replicator.pipeline;

import dev.molt.replicator.apply.RetryLoop;
import dev.molt.replicator.apply.RowRejectedException;
import dev.molt.replicator.apply.TargetWrite;
import dev.molt.replicator.config.Backoff;
import io.micrometer.core.instrument.Counter;

/**
 * Retries a write while its database (the target, or Kafka for a publish) is unreachable, with
 * the pipeline's back-off, reporting each failed attempt to the life cycle (RETRYING); a refused
 * row is thrown, since skipping it would lose it. Holds no state of its own: any thread may use it.
 */
final class TargetRetry {

    private final PipelineLifecycle lifecycle;
    private final Backoff backoff;
    private final Counter errors;

    TargetRetry(PipelineLifecycle lifecycle, Backoff backoff, Counter errors) {
        this.lifecycle = lifecycle;
        this.backoff = backoff;
        this.errors = errors;
    }

    /**
     * Runs the write until it succeeds.
     *
     * @param launch the generation whose relaunch ends the retries, or {@link
     *     PipelineLifecycle#ANY_GENERATION} to end them only at a stop
     * @throws InterruptedException where the pipeline stopped (or was relaunched) meanwhile
     */
    void run(long launch, TargetWrite write) throws InterruptedException {
        try {
            RetryLoop.run(write, backoff, (error, wait) -> {
                errors.increment();
                lifecycle.retrying(launch, "", error.getMessage(), wait);
            });
        } catch (RowRejectedException e) {
            errors.increment();
            throw e;
        }
    }
}
