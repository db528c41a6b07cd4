package dev.molt.gateway.cutover;

import dev.molt.gateway.fence.FencedSwitch;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This replica's side of a fenced switch another replica coordinates: close the command door and
 * report idle; open it again when told, after reading the outcome (the stage the coordinator did or
 * did not write) from the state store, so that it never opens on a side that was not decided. A
 * coordinator that never says so (it died, or the network split) is outlived: after twice the hold
 * time-out and a second the replica reads the outcome itself, and keeps the door closed while the
 * state store cannot tell it.
 */
@Component
public class PeerHold {

    private static final Logger log = LoggerFactory.getLogger(PeerHold.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final FencedSwitch fencedSwitch;
    private final CutoverStore store;
    private final Cutover cutover;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "molt-peer-hold");
        thread.setDaemon(true);
        return thread;
    });
    private String heldFor;
    private ScheduledFuture<?> orphaned;

    PeerHold(FencedSwitch fencedSwitch, CutoverStore store, Cutover cutover) {
        this.fencedSwitch = fencedSwitch;
        this.store = store;
        this.cutover = cutover;
    }

    /** Closes the door for {@code switchId}; true once no command of this replica is in flight. */
    public synchronized boolean close(String switchId) {
        if (!fencedSwitch.closeForPeer()) {
            return false;
        }
        heldFor = switchId;
        if (orphaned != null) {
            orphaned.cancel(false);
        }
        long waitMillis = fencedSwitch.holdTimeout().multipliedBy(2).plus(RETRY).toMillis();
        orphaned = watchdog.schedule(() -> releaseOrphaned(switchId), waitMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Reads the outcome, routes by it and opens; throws (door still closed) while the state store cannot tell. */
    public synchronized void release(String switchId) {
        if (heldFor == null || !heldFor.equals(switchId)) {
            return;
        }
        cutover.followNow();
        heldFor = null;
        if (orphaned != null) {
            orphaned.cancel(false);
            orphaned = null;
        }
        fencedSwitch.openForPeer();
    }

    private void releaseOrphaned(String switchId) {
        try {
            release(switchId);
            log.warn(
                    "Switch {} was not concluded by its coordinator; this replica read the outcome and opened, at stage"
                            + " {}",
                    switchId,
                    store.state().stage());
        } catch (RuntimeException e) {
            log.warn(
                    "Switch {} not concluded and the state store cannot tell its outcome; commands stay held: {}",
                    switchId,
                    e.getMessage());
            synchronized (this) {
                orphaned = watchdog.schedule(() -> releaseOrphaned(switchId), RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
