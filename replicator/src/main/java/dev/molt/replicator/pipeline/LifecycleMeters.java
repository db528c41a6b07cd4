package dev.molt.replicator.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The life cycle's transitions that an operator counts, per pipeline: every wait before a write or
 * a launch is tried again ({@code molt_replication_retries_total}) and every move to FAILED
 * ({@code molt_replication_failures_total}). Counted by {@link PipelineLifecycle}, the only place
 * where these transitions happen; lock-free increments, safe inside its monitor.
 */
record LifecycleMeters(Counter retries, Counter failures) {

    static LifecycleMeters of(String pipeline, MeterRegistry registry) {
        return new LifecycleMeters(
                Counter.builder("molt.replication.retries")
                        .description("waits before a write or a launch was tried again (RETRYING)")
                        .tag("pipeline", pipeline)
                        .register(registry),
                Counter.builder("molt.replication.failures")
                        .description("moves to FAILED: a refused row or a fatal engine error, until a start")
                        .tag("pipeline", pipeline)
                        .register(registry));
    }

    /** For a life cycle that nothing scrapes. */
    static LifecycleMeters unscraped(String pipeline) {
        return of(pipeline, new SimpleMeterRegistry());
    }
}
