package dev.molt.replicator.metrics;

import dev.molt.replicator.pipeline.PipelineState;
import dev.molt.replicator.pipeline.PipelineStatus;
import dev.molt.replicator.pipeline.ReplicationPipeline;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Per pipeline (tag {@code pipeline}): the lag in seconds ({@code molt_replication_lag_seconds}) and
 * in source transactions ({@code molt_replication_lag_events}), the events applied per second
 * ({@code molt_replication_throughput}),
 * the snapshot copy's rows copied and planned and whether it completed
 * ({@code molt_replication_snapshot_rows_copied}, {@code _rows_planned}, {@code _completed}), and
 * the state as one gauge per state, 1 for the current one ({@code molt_replication_state}), so that
 * RETRYING and FAILED can be graphed and alerted on. Events and rows applied
 * ({@code molt_replication_applied_total}), retries and failures ({@code molt_replication_retries_total},
 * {@code _failures_total}) are counted by the pipeline and its life cycle, where they happen.
 */
@Component
class PipelineMeters implements MeterBinder {

    private final ReplicationPipelines pipelines;

    PipelineMeters(ReplicationPipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ReplicationPipeline pipeline : pipelines.all()) {
            RecentStatus status = new RecentStatus(pipeline);
            gauge("molt.replication.lag.seconds", pipeline, status, s -> s.lagMillis() / 1000.0)
                    .description("seconds since caughtUpAt: every source commit before then is applied")
                    .baseUnit("seconds")
                    .register(registry);
            gauge("molt.replication.lag.events", pipeline, status, PipelineStatus::lagEvents)
                    .description("source transactions not yet applied")
                    .register(registry);
            gauge("molt.replication.throughput", pipeline, status, PipelineStatus::eventsPerSecond)
                    .description("change events applied per second")
                    .register(registry);
            gauge(
                            "molt.replication.snapshot.rows.copied",
                            pipeline,
                            status,
                            s -> s.snapshot().rowsCopied())
                    .description("rows the snapshot copy has copied")
                    .register(registry);
            gauge(
                            "molt.replication.snapshot.rows.planned",
                            pipeline,
                            status,
                            s -> s.snapshot().rowsTotal())
                    .description("rows the snapshot copy has to copy (the source's count when it began)")
                    .register(registry);
            gauge(
                            "molt.replication.snapshot.completed",
                            pipeline,
                            status,
                            s -> s.snapshot().completed() ? 1 : 0)
                    .description("1 once the snapshot copy completed")
                    .register(registry);
            for (PipelineState state : PipelineState.values()) {
                gauge("molt.replication.state", pipeline, status, s -> s.state() == state ? 1 : 0)
                        .description("1 for the pipeline's current state, 0 for the others")
                        .tag("state", state.name())
                        .register(registry);
            }
        }
    }

    private static Gauge.Builder<RecentStatus> gauge(
            String name, ReplicationPipeline pipeline, RecentStatus status, ToDoubleFunction<PipelineStatus> value) {
        return Gauge.builder(name, status, s -> value.applyAsDouble(s.get()))
                .strongReference(true)
                .tag("pipeline", pipeline.name());
    }

    /** The pipeline's status, read again only when the last read is older than a second. */
    private static final class RecentStatus {

        private static final long MAX_AGE_NANOS = 1_000_000_000L;

        private final ReplicationPipeline pipeline;
        private PipelineStatus last;
        private long readAt;

        RecentStatus(ReplicationPipeline pipeline) {
            this.pipeline = pipeline;
        }

        synchronized PipelineStatus get() {
            long now = System.nanoTime();
            if (last == null || now - readAt > MAX_AGE_NANOS) {
                last = pipeline.status();
                readAt = now;
            }
            return last;
        }
    }
}
