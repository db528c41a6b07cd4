package dev.molt.gateway.consistency;

import dev.molt.gateway.replication.ReplicatorClient;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The forward pipeline's {@code caughtUpAt}, polled only while some read waits for it: with no
 * waiter there is no remote call at all, with waiters one poll per interval serves them all.
 */
@Component
class ReplicationProgress {

    private final ReplicatorClient replicator;
    private final Duration pollInterval;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "molt-replication-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long caughtUpAt = Long.MIN_VALUE;

    ReplicationProgress(ReplicatorClient replicator, ConsistencyProperties properties) {
        this.replicator = replicator;
        this.pollInterval = properties.pollInterval();
    }

    /** The last known {@code caughtUpAt}; may be behind the replicator's, never ahead. */
    long caughtUpAt() {
        return caughtUpAt;
    }

    /** Completes with true once {@code caughtUpAt >= writtenAt}, or with false after {@code maxWait}. */
    Mono<Boolean> awaitCaughtUp(long writtenAt, Duration maxWait) {
        if (caughtUpAt >= writtenAt) {
            return Mono.just(true);
        }
        if (maxWait.isZero()) {
            return Mono.just(false);
        }
        return Mono.defer(() -> {
            Waiter waiter = new Waiter(writtenAt, Sinks.one());
            waiters.add(waiter);
            schedulePoll(0);
            return waiter.sink.asMono().timeout(maxWait, Mono.just(false)).doFinally(signal -> waiters.remove(waiter));
        });
    }

    private void schedulePoll(long delayMillis) {
        if (polling.compareAndSet(false, true)) {
            poller.schedule(this::poll, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        replicator.caughtUpAtAsync(replicator.forward()).whenComplete((value, error) -> {
            if (value != null && value > caughtUpAt) {
                caughtUpAt = value;
            }
            long known = caughtUpAt;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (waiter.writtenAt <= known) {
                    waiter.sink.tryEmitValue(true);
                    it.remove();
                }
            }
            polling.set(false);
            if (!waiters.isEmpty()) {
                schedulePoll(pollInterval.toMillis());
            }
        });
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    private record Waiter(long writtenAt, Sinks.One<Boolean> sink) {}
}
