package dev.molt.gateway.cutover;

import dev.molt.gateway.fence.WriteFence;
import dev.molt.gateway.replication.ApplyMode;
import dev.molt.gateway.replication.PipelineStatus;
import dev.molt.gateway.replication.ReplicatorClient;
import dev.molt.gateway.replication.ReplicatorException;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings the pipelines' apply modes and the write fence in line with the stored stage: when the
 * gateway starts, and after a switch that aborted without being able to set the modes back. A
 * crash between fencing OLD and storing stage 6 leaves OLD fenced while the gateway comes back at 5
 * and sends commands there; a crash in a rollback leaves the mirror image. From stage 6 on NEW
 * takes the writes and OLD stays fenced; before it, OLD takes them. NEW is left as it is before
 * stage 6: it is fenced only after a rollback, and unfenced again by the next switch.
 *
 * <p>The same crash may leave the pipeline that carries the writing side's writes discarding, and
 * the other one applying (the switch sets the modes before it stores the stage). Lifting the fence
 * first would let writes in that nothing carries to the other side, so the modes are set first and
 * the writing side is unfenced only once its pipeline applies. While the replicator cannot be
 * asked, the side stays as it is (a fenced side fails its commands, none is lost) and the gateway
 * tries again with a back-off, between transitions.
 */
@Component
class WriteFenceAlignment {

    /** Published when a switch aborted and the modes (and perhaps the fence) need aligning. */
    record Needed(String why) {}

    private static final Logger log = LoggerFactory.getLogger(WriteFenceAlignment.class);
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long LONGEST_RETRY_MILLIS = 30_000;

    private final WriteFence writeFence;
    private final Cutover cutover;
    private final ReplicatorClient replicator;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "molt-write-fence-alignment");
        thread.setDaemon(true);
        return thread;
    });

    WriteFenceAlignment(WriteFence writeFence, Cutover cutover, ReplicatorClient replicator) {
        this.writeFence = writeFence;
        this.cutover = cutover;
        this.replicator = replicator;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        if (writeFence.enabled()) {
            attempt(FIRST_RETRY_MILLIS);
        }
    }

    @EventListener
    void afterAbort(Needed needed) {
        log.warn("Aligning the apply modes and the write fence with the stage after: {}", needed.why());
        schedule(0, FIRST_RETRY_MILLIS);
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }

    private void attempt(long nextWaitMillis) {
        boolean done;
        try {
            done = cutover.betweenTransitions(stage -> {
                align(stage);
                return List.of();
            });
        } catch (WriteFence.WriteFenceException | ReplicatorException e) {
            log.warn(
                    "Could not bring the apply modes and the write fence in line with stage {}: {}; trying again in {} ms",
                    cutover.stage().number(),
                    e.getMessage(),
                    nextWaitMillis);
            done = false;
        }
        if (!done) {
            schedule(nextWaitMillis, Math.min(nextWaitMillis * 2, LONGEST_RETRY_MILLIS));
        }
    }

    private void schedule(long inMillis, long nextWaitMillis) {
        try {
            retries.schedule(() -> attempt(nextWaitMillis), inMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the gateway is shutting down
        }
    }

    private void align(Stage stage) {
        for (Pipeline pipeline : Pipeline.runningAt(stage)) {
            String name = pipeline.nameIn(replicator);
            PipelineStatus status = replicator.status(name);
            ApplyMode mode = pipeline.modeAt(stage);
            if (status.applyMode() != null && status.applyMode() != mode) {
                replicator.applyMode(name, mode);
                log.warn("At stage {}: {} was in {}; set to {}", stage.number(), name, status.applyMode(), mode);
            }
        }
        if (!writeFence.enabled()) {
            return;
        }
        if (stage.number() >= Stage.COMMAND_SWITCHED.number()) {
            log.info("At stage {}: {}", stage.number(), fenceOld(stage));
        }
        WriteFence.Side writing =
                stage.number() >= Stage.COMMAND_SWITCHED.number() ? WriteFence.Side.NEW : WriteFence.Side.OLD;
        log.info("At stage {}: {}", stage.number(), writeFence.lift(writing));
    }

    private String fenceOld(Stage stage) {
        // From stage 11 OLD may be decommissioned; its absence is no reason to complain.
        try {
            return writeFence.apply(WriteFence.Side.OLD);
        } catch (WriteFence.WriteFenceException e) {
            if (stage.number() >= Stage.OLD_ENDPOINTS_REMOVED.number()) {
                return "OLD not reachable (" + e.getMessage() + ")";
            }
            throw e;
        }
    }
}
