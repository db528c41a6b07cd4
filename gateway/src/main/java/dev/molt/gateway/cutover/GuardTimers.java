package dev.molt.gateway.cutover;

import dev.molt.gateway.clients.CallTimes;
import dev.molt.gateway.clients.ClientUsage;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps the clocks of the quiet-period guards (the last call per route group and target) across
 * restarts: restores them from the store when the gateway starts, before any guard reads them, and
 * writes them back at most once per {@link #FLUSH_INTERVAL} when they changed, at every transition
 * and when the gateway stops. Requests only bump in-memory clocks; the fsync is on this timer's
 * thread, never on a request's path. A crash loses at most the last interval's calls, which only
 * shortens a quiet period (ten minutes by default) by that second. With a state database shared by
 * replicas every flush also takes the other replicas' later calls, so a guard on any replica sees
 * the calls that reached all of them (at most an interval late), and shares in one batch the last
 * calls of the clients that called since the previous flush ({@code molt_gateway_client}).
 */
@Component
class GuardTimers implements DisposableBean {

    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(GuardTimers.class);

    private final ClientUsage usage;
    private final CutoverStore store;
    private final ScheduledExecutorService timer;
    private CallTimes persisted;
    private long clientsSharedUpTo;
    private final ReplicaRegistry replicas;

    GuardTimers(ClientUsage usage, CutoverStore store, ReplicaRegistry replicas) {
        this.usage = usage;
        this.replicas = replicas;
        this.store = store;
        usage.restore(store.storedCallTimes());
        this.persisted = store.storedCallTimes();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "molt-guard-timers");
            thread.setDaemon(true);
            return thread;
        });
        long millis = FLUSH_INTERVAL.toMillis();
        timer.scheduleWithFixedDelay(this::flushLogged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Writes the clocks if they changed since the last write; throws if the write fails. */
    synchronized void flush() {
        CallTimes now = usage.callTimes();
        if (store.sharesState()) {
            usage.restore(store.persistCallTimes(now));
            persisted = now;
            long flushStartedAt = System.currentTimeMillis();
            store.shared().mergeClients(String.valueOf(replicas.id()), usage.calledSince(clientsSharedUpTo - 1));
            clientsSharedUpTo = flushStartedAt;
        } else if (!now.equals(persisted)) {
            store.persistCallTimes(now);
            persisted = now;
        }
    }

    /** Like {@link #flush} for callers that must go on (the timer, a finished transition): a failure is logged. */
    void flushLogged() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not persist the guard clocks; retrying in {} ms: {}",
                    FLUSH_INTERVAL.toMillis(),
                    e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        flushLogged();
    }
}
