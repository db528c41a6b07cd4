package dev.molt.gateway.cutover;

import dev.molt.gateway.fence.WriteFence;
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
 */
@Component
class WriteFenceAtStart {

    private static final Logger log = LoggerFactory.getLogger(WriteFenceAtStart.class);

    private final WriteFence writeFence;
    private final Cutover cutover;

    WriteFenceAtStart(WriteFence writeFence, Cutover cutover) {
        this.writeFence = writeFence;
        this.cutover = cutover;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reconcile() {
        if (!writeFence.enabled()) {
            return;
        }
        int stage = cutover.stage().number();
        try {
            if (stage >= Stage.COMMAND_SWITCHED.number()) {
                log.info("At stage {}: {}; {}", stage, writeFence.lift(WriteFence.Side.NEW), fenceOld(stage));
            } else {
                log.info("At stage {}: {}", stage, writeFence.lift(WriteFence.Side.OLD));
            }
        } catch (WriteFence.WriteFenceException e) {
            log.warn("Could not bring the write fence in line with stage {}: {}", stage, e.getMessage());
        }
    }

    private String fenceOld(int stage) {
        // From stage 11 OLD may be decommissioned; its absence is no reason to complain.
        try {
            return writeFence.apply(WriteFence.Side.OLD);
        } catch (WriteFence.WriteFenceException e) {
            if (stage >= Stage.OLD_ENDPOINTS_REMOVED.number()) {
                return "OLD not reachable (" + e.getMessage() + ")";
            }
            throw e;
        }
    }
}
