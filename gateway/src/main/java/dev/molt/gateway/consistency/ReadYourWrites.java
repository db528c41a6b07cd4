package dev.molt.gateway.consistency;

import dev.molt.gateway.routing.RoutingState;
import dev.molt.gateway.routing.Target;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Remembers when each client's last command was acknowledged and makes that client's reads wait
 * for replication. The replicator's contract gives {@code caughtUpAt}: every source transaction
 * committed before it is applied to NEW. A command acknowledged at T committed before T, so NEW is
 * safe for that client once {@code caughtUpAt >= T}; until then its read waits up to
 * {@code maxHold}, then goes to OLD, which holds every write. Clients that did not write, or whose
 * writes are applied, read NEW with one map lookup and no remote call.
 * <p>
 * The acknowledgement time is taken on the gateway's clock and compared with the replicator's, so
 * the two must share a clock (same host, or NTP well inside {@code maxHold}).
 * <p>
 * The decision only (pass, wait, or fall back to OLD): each path adapts it to its own requests, the
 * stage routes in {@code scg}, the fast path in {@code fastpath}.
 */
@Component
public class ReadYourWrites {

    private final ReplicationProgress progress;
    private final RoutingState routing;
    private final Duration maxHold;
    private final long forgetAfterMillis;
    private final Map<String, Long> lastWriteAt = new ConcurrentHashMap<>();
    private final Counter readsToNew;
    private final Counter readsHeldThenNew;
    private final Counter readsToOld;
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "molt-read-your-writes-janitor");
        thread.setDaemon(true);
        return thread;
    });

    ReadYourWrites(
            ReplicationProgress progress,
            RoutingState routing,
            ConsistencyProperties properties,
            MeterRegistry meters) {
        this.progress = progress;
        this.routing = routing;
        this.maxHold = properties.maxHold();
        this.forgetAfterMillis = properties.forgetAfter().toMillis();
        this.readsToNew = meters.counter("molt.gateway.read-your-writes.reads", "outcome", "new");
        this.readsHeldThenNew = meters.counter("molt.gateway.read-your-writes.reads", "outcome", "held-then-new");
        this.readsToOld = meters.counter("molt.gateway.read-your-writes.reads", "outcome", "old");
        janitor.scheduleWithFixedDelay(this::forgetApplied, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Records that a command of {@code client} routed to OLD was acknowledged now; call it before the
     * client can see the answer.
     */
    public void acknowledged(String client) {
        lastWriteAt.merge(client, System.currentTimeMillis(), Math::max);
    }

    /**
     * True when an old-API read of {@code client} routed to NEW may go there at once: reads and writes
     * are not split, or the client has no write that NEW may still lack. The common case, decided
     * with a volatile read and at most one map lookup.
     */
    public boolean readsNewAtOnce(String client) {
        if (routing.current().splitAcrossReplication() && !lastWriteAt.isEmpty()) {
            Long writtenAt = lastWriteAt.get(client);
            if (writtenAt != null && writtenAt > progress.caughtUpAt()) {
                return false;
            }
        }
        readsToNew.increment();
        return true;
    }

    /**
     * Where a read that may not go to NEW at once goes: NEW as soon as replication has applied the
     * client's last write, OLD when that takes longer than {@code maxHold}.
     */
    public Mono<Target> awaitReadTarget(String client) {
        Long writtenAt = lastWriteAt.get(client);
        if (writtenAt == null) {
            readsToNew.increment();
            return Mono.just(Target.NEW);
        }
        return progress.awaitCaughtUp(writtenAt, maxHold).map(caughtUp -> {
            if (caughtUp) {
                readsHeldThenNew.increment();
                return Target.NEW;
            }
            readsToOld.increment();
            return Target.OLD;
        });
    }

    private void forgetApplied() {
        long applied = progress.caughtUpAt();
        long tooOld = System.currentTimeMillis() - forgetAfterMillis;
        lastWriteAt.values().removeIf(writtenAt -> writtenAt <= applied || writtenAt < tooOld);
    }

    @PreDestroy
    void stop() {
        janitor.shutdownNow();
    }
}
