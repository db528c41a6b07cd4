package dev.molt.gateway.cutover;

import dev.molt.gateway.replication.ApplyMode;
import dev.molt.gateway.replication.PipelineStatus;
import dev.molt.gateway.replication.ReplicatorClient;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Holds the replication pipelines to what the stage wants ({@link Pipeline#runsAt}) between
 * transitions. A replicator that restarted with its pipelines STOPPED, or a pipeline that FAILED,
 * would otherwise end replication silently and leave the next guard refusing until someone called
 * the control API by hand. Every {@code interval} it reads each pipeline's status and, under the
 * transition lock (so it never races a switch, which starts and stops pipelines itself), starts one
 * that should run and is STOPPED or FAILED, and stops one that should not run and still runs. A
 * PAUSED pipeline that should run is left alone: pausing is an operator's decision. A running
 * pipeline in the other {@link ApplyMode} than the stage's is set to it: the switch sets the modes
 * itself, and only a crash or a failed abort leaves one behind. It writes a
 * history line only when it acted. A pipeline that does not come back is started again with a
 * doubling back-off, and after {@code attempts} starts the admin API shows it with the reason.
 */
@Component
public class PipelineReconciler {

    static final String ACTOR = "reconciler";

    private static final Logger log = LoggerFactory.getLogger(PipelineReconciler.class);

    private final Cutover cutover;
    private final ReplicatorClient replicator;
    private final ReconcileProperties properties;
    private final Map<Pipeline, Attempts> attempts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "molt-pipeline-reconciler");
        thread.setDaemon(true);
        return thread;
    });

    PipelineReconciler(Cutover cutover, ReplicatorClient replicator, ReconcileProperties properties) {
        this.cutover = cutover;
        this.replicator = replicator;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (properties.enabled()) {
            long millis = properties.interval().toMillis();
            timer.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    private void tick() {
        try {
            cutover.betweenTransitions(this::reconcile);
        } catch (RuntimeException e) {
            log.warn("Could not reconcile the replication pipelines: {}", e.getMessage());
        }
    }

    /** One round at {@code stage}: the history entries of what it did, empty when nothing needed doing. */
    List<HistoryEntry> reconcile(Stage stage) {
        List<HistoryEntry> acted = new ArrayList<>();
        for (Pipeline pipeline : Pipeline.values()) {
            reconcile(pipeline, stage).ifPresent(acted::add);
        }
        return acted;
    }

    private Optional<HistoryEntry> reconcile(Pipeline pipeline, Stage stage) {
        String name = pipeline.nameIn(replicator);
        boolean wanted = pipeline.runsAt(stage);
        Attempts tried = attempts.computeIfAbsent(pipeline, p -> new Attempts());
        PipelineStatus status;
        try {
            status = replicator.status(name);
        } catch (RuntimeException e) {
            tried.seen("UNREACHABLE", e.getMessage());
            return Optional.empty();
        }
        String state = status.state();
        tried.seen(state, status.reason());
        boolean stopped = "STOPPED".equals(state) || "FAILED".equals(state);
        ApplyMode mode = pipeline.modeAt(stage);
        if (wanted == stopped) {
            return tried.due(properties)
                    ? Optional.of(act(wanted ? "start" : "stop", name, mode, stage, status, tried, () -> {
                        if (wanted) {
                            replicator.start(name, mode);
                        } else {
                            replicator.control(name, "stop");
                        }
                    }))
                    : Optional.empty();
        }
        if (wanted && status.applyMode() != null && status.applyMode() != mode) {
            String action = mode == ApplyMode.DISCARD ? "discard" : "apply";
            return Optional.of(act(action, name, mode, stage, status, tried, () -> replicator.applyMode(name, mode)));
        }
        if (!wanted || "STREAMING".equals(state) || "SNAPSHOTTING".equals(state) || "PAUSED".equals(state)) {
            tried.settled();
        }
        return Optional.empty();
    }

    private HistoryEntry act(
            String action,
            String name,
            ApplyMode mode,
            Stage stage,
            PipelineStatus status,
            Attempts tried,
            Runnable call) {
        String was = name + " was " + status.state() + (status.reason() == null ? "" : " (" + status.reason() + ")")
                + (action.equals("discard") || action.equals("apply") ? " in " + status.applyMode() : "")
                + "; at stage " + stage.number() + " it "
                + (action.equals("stop") ? "does not run" : "runs in " + mode);
        HistoryEntry.Outcome outcome;
        String reason;
        try {
            call.run();
            tried.attempted(null);
            outcome = HistoryEntry.Outcome.DONE;
            reason = was;
        } catch (RuntimeException e) {
            tried.attempted(action + " refused: " + e.getMessage());
            outcome = HistoryEntry.Outcome.FAILED;
            reason = was + "; " + action + " refused: " + e.getMessage();
        }
        log.info("Reconciler: {} {} ({})", action, name, reason);
        return new HistoryEntry(
                Instant.now(),
                ACTOR,
                action + " " + name,
                stage.number(),
                stage.number(),
                outcome,
                false,
                null,
                reason,
                List.of());
    }

    /** What the admin API shows of each pipeline: whether the stage wants it, what it was last seen as, and why it does not come back. */
    public List<PipelineReport> report() {
        Stage stage = cutover.stage();
        List<PipelineReport> report = new ArrayList<>();
        for (Pipeline pipeline : Pipeline.values()) {
            Attempts tried = attempts.get(pipeline);
            boolean wanted = pipeline.runsAt(stage);
            report.add(
                    tried == null
                            ? new PipelineReport(pipeline.nameIn(replicator), wanted, null, 0, null, null)
                            : tried.report(pipeline.nameIn(replicator), wanted, properties.attempts()));
        }
        return report;
    }

    /**
     * One pipeline as the reconciler sees it.
     *
     * @param name the pipeline's name at the replicator
     * @param wanted whether the current stage wants it running
     * @param state the state it was last seen in ({@code UNREACHABLE} when the replicator did not answer), null before the first check
     * @param attempts starts or stops sent since it was last where the stage wants it
     * @param lastAttempt when the last of them was sent, or null
     * @param notComingBack why it is not where the stage wants it after the configured number of attempts; null otherwise
     */
    public record PipelineReport(
            String name, boolean wanted, String state, int attempts, Instant lastAttempt, String notComingBack) {}

    /** The attempts on one pipeline since it was last where the stage wants it; written by the timer thread only. */
    private static final class Attempts {
        private volatile String state;
        private volatile String reason;
        private volatile int count;
        private volatile Instant last;
        private volatile String refusal;

        void seen(String state, String reason) {
            this.state = state;
            this.reason = reason;
        }

        /** True when the next attempt is due: at once for the first, then after a wait doubling from the interval. */
        boolean due(ReconcileProperties properties) {
            if (count == 0) {
                return true;
            }
            long wait = properties.interval().toMillis() << Math.min(count - 1, 20);
            wait = Math.min(
                    wait,
                    Math.max(
                            properties.maxBackoff().toMillis(),
                            properties.interval().toMillis()));
            return !Instant.now().isBefore(last.plusMillis(wait));
        }

        void attempted(String refused) {
            count++;
            last = Instant.now();
            refusal = refused;
        }

        void settled() {
            count = 0;
            last = null;
            refusal = null;
        }

        PipelineReport report(String name, boolean wanted, int maxAttempts) {
            String why = null;
            if (count >= maxAttempts) {
                why = refusal != null ? refusal : "still " + state + (reason == null ? "" : " (" + reason + ")");
            }
            return new PipelineReport(name, wanted, state, count, last, why);
        }
    }
}
