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
import java.util.function.Function;
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
    private final ConsistencyToken tokens;
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
            MeterRegistry meters,
            ConsistencyToken tokens) {
        this.progress = progress;
        this.tokens = tokens;
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
     * client can see the answer. Returns the consistency token to send with it ({@link ConsistencyToken#NAME}
     * header and cookie), so that a read through another replica waits for this write too.
     */
    public String acknowledged(String client) {
        long now = System.currentTimeMillis();
        lastWriteAt.merge(client, now, Math::max);
        return tokens.issue(client, now);
    }

    /** The Set-Cookie value that carries {@code token}, for the answer that carries it as a header too. */
    public String cookie(String token) {
        return tokens.cookie(token);
    }

    /**
     * True when an old-API read of {@code client} routed to NEW may go there at once: reads and writes
     * are not split, or the client has no write that NEW may still lack, by this replica's memory or
     * by the request's consistency token ({@code header} answers a header name with its first value
     * or null). Outside the split stages, decided with a volatile read.
     */
    public boolean readsNewAtOnce(String client, Function<String, String> header) {
        if (routing.current().splitAcrossReplication()) {
            long writtenAt = writtenAt(client, header);
            if (writtenAt != Long.MIN_VALUE && writtenAt > progress.caughtUpAt()) {
                return false;
            }
        }
        readsToNew.increment();
        return true;
    }

    /** The later of the client's last write this replica saw and the one its consistency token vouches for. */
    private long writtenAt(String client, Function<String, String> header) {
        Long remembered = lastWriteAt.isEmpty() ? null : lastWriteAt.get(client);
        long fromToken = tokens.acknowledgedAt(header);
        return remembered == null ? fromToken : Math.max(remembered, fromToken);
    }

    /**
     * Where a read that may not go to NEW at once goes: NEW as soon as replication has applied the
     * client's last write, OLD when that takes longer than {@code maxHold}.
     */
    public Mono<Target> awaitReadTarget(String client, Function<String, String> header) {
        long writtenAt = writtenAt(client, header);
        if (writtenAt == Long.MIN_VALUE) {
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
