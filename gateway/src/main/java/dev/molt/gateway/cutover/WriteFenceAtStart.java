package dev.molt.gateway.cutover;

import dev.molt.gateway.fence.WriteFence;
import dev.molt.gateway.replication.ApplyMode;
import dev.molt.gateway.replication.PipelineStatus;
import dev.molt.gateway.replication.ReplicatorClient;
import dev.molt.gateway.replication.ReplicatorException;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Brings the write fence in line with the stored stage when the gateway starts. A crash between
 * fencing OLD and storing stage 6 leaves OLD fenced while the gateway comes back at 5 and sends
 * commands there; a crash in a rollback leaves the mirror image. From stage 6 on NEW takes the
 * writes and OLD stays fenced; before it, OLD takes them. NEW is left as it is before stage 6: it is
 * fenced only after a rollback, and unfenced again by the next switch.
 *
 * <p>The same crash may leave the pipeline that carries the writing side's writes discarding (the
 * switch sets the modes before it stores the stage). Lifting the fence first would let writes in
 * that nothing carries to the other side, so the side is unfenced only once that pipeline applies;
 * while the replicator cannot be asked, the side stays fenced (commands fail, none is lost) and the
 * gateway tries again, with a back-off, between transitions.
 */
@Component
class WriteFenceAtStart {

    private static final Logger log = LoggerFactory.getLogger(WriteFenceAtStart.class);
    private static final long FIRST_RETRY_MILLIS = 500;
    private static final long LONGEST_RETRY_MILLIS = 30_000;

    private final WriteFence writeFence;
    private final Cutover cutover;
    private final ReplicatorClient replicator;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "molt-write-fence-at-start");
        thread.setDaemon(true);
        return thread;
    });

    WriteFenceAtStart(WriteFence writeFence, Cutover cutover, ReplicatorClient replicator) {
        this.writeFence = writeFence;
        this.cutover = cutover;
        this.replicator = replicator;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reconcile() {
        if (writeFence.enabled()) {
            attempt(FIRST_RETRY_MILLIS);
        }
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
                    "Could not bring the write fence in line with stage {}: {}; trying again in {} ms",
                    cutover.stage().number(),
                    e.getMessage(),
                    nextWaitMillis);
            done = false;
        }
        if (!done && !retries.isShutdown()) {
            retries.schedule(
                    () -> attempt(Math.min(nextWaitMillis * 2, LONGEST_RETRY_MILLIS)),
                    nextWaitMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void align(Stage stage) {
        if (stage.number() >= Stage.COMMAND_SWITCHED.number()) {
            log.info("At stage {}: {}", stage.number(), fenceOld(stage));
        }
        WriteFence.Side writing =
                stage.number() >= Stage.COMMAND_SWITCHED.number() ? WriteFence.Side.NEW : WriteFence.Side.OLD;
        Pipeline carrying = writing == WriteFence.Side.OLD ? Pipeline.FORWARD : Pipeline.REVERSE;
        if (carrying.runsAt(stage)) {
            String name = carrying.nameIn(replicator);
            PipelineStatus status = replicator.status(name);
            if (status.applyMode() == ApplyMode.DISCARD) {
                replicator.applyMode(name, ApplyMode.APPLY);
                log.warn(
                        "At stage {}: {} was discarding; it applies again before {} is unfenced",
                        stage.number(),
                        name,
                        writing);
            }
        }
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
