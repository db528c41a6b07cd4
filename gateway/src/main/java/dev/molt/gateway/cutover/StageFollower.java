package dev.molt.gateway.cutover;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Lets a replica notice, within {@code molt.gateway.state.poll-interval}, a stage another replica
 * stored, and route by it: it reads the epoch in the state database on its own thread, never on a
 * request's path. Idle without a state database. An unreachable database leaves the stage known
 * here in force; the failure is logged once until the database answers again. Each successful poll
 * is also this replica's check-in ({@link ReplicaRegistry}).
 */
@Component
class StageFollower implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StageFollower.class);

    private final Cutover cutover;
    private final ReplicaRegistry replicas;
    private final ScheduledExecutorService timer;
    private boolean failing;

    StageFollower(Cutover cutover, CutoverStore store, StateStoreProperties properties, ReplicaRegistry replicas) {
        this.cutover = cutover;
        this.replicas = replicas;
        if (!store.sharesState()) {
            this.timer = null;
            return;
        }
        this.timer = Executors.newScheduledThreadPool(2, task -> {
            Thread thread = new Thread(task, "molt-stage-follower");
            thread.setDaemon(true);
            return thread;
        });
        long millis = properties.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        // a poll may hang on a dead database for its socket time-out: the lease is watched apart
        timer.scheduleWithFixedDelay(replicas::checkLease, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            cutover.follow();
            replicas.checkIn();
            if (failing) {
                log.info("The state database answers again");
                failing = false;
            }
        } catch (RuntimeException e) {
            replicas.contactFailed(e.getMessage());
            if (!failing) {
                log.warn(
                        "Cannot read the shared cutover state; routing stays at the stage known here: {}",
                        e.getMessage());
                failing = true;
            }
        }
    }

    @Override
    public void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
