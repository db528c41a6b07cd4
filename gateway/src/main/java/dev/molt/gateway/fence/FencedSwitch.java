package dev.molt.gateway.fence;

import dev.molt.gateway.replication.ReplicatorClient;
import dev.molt.gateway.replication.ReplicatorException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Switches the command routes without losing or failing a command: hold, drain in-flight
 * commands, wait for {@code pipeline} to apply everything up to its source's current position,
 * flip, release. The door always opens again; if the budget runs out first, the flip is skipped,
 * so held commands go on to the target they would have had anyway.
 */
@Component
public class FencedSwitch {

    private static final Logger log = LoggerFactory.getLogger(FencedSwitch.class);

    private final CommandFence fence;
    private final ReplicatorClient replicator;
    private final Duration holdTimeout;
    private final Timer holdTimes;

    FencedSwitch(CommandFence fence, ReplicatorClient replicator, FenceProperties properties, MeterRegistry meters) {
        this.fence = fence;
        this.replicator = replicator;
        this.holdTimeout = properties.holdTimeout();
        this.holdTimes = Timer.builder("molt.gateway.fence.hold")
                .description("How long commands were held by a fenced switch")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /** Runs the switch; {@code flip} runs only with the door closed, nothing in flight and the pipeline drained. */
    public Outcome run(String pipeline, Runnable flip) {
        long start = System.nanoTime();
        long deadline = start + holdTimeout.toNanos();
        fence.close();
        long idleAt = start;
        long drainedAt = start;
        long flippedAt = start;
        try {
            boolean idle = fence.awaitIdle(deadline);
            idleAt = System.nanoTime();
            if (!idle) {
                return Outcome.aborted(
                        elapsed(start), "commands in flight did not finish within " + holdTimeout.toMillis() + " ms");
            }
            Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
            if (remaining.isNegative() || remaining.isZero()) {
                return Outcome.aborted(elapsed(start), "no time left to drain " + pipeline);
            }
            try {
                replicator.drain(pipeline, remaining);
                drainedAt = System.nanoTime();
            } catch (ReplicatorException e) {
                return Outcome.aborted(
                        elapsed(start),
                        (e.timedOut() ? "drain of " + pipeline + " timed out: " : "drain of " + pipeline + " failed: ")
                                + e.getMessage());
            }
            flip.run();
            flippedAt = System.nanoTime();
            return Outcome.switched(elapsed(start));
        } catch (RuntimeException e) {
            return Outcome.aborted(elapsed(start), "switch failed: " + e.getMessage());
        } finally {
            fence.open();
            long held = System.nanoTime() - start;
            holdTimes.record(held, TimeUnit.NANOSECONDS);
            log.info(
                    "Fenced switch on {} held commands for {} ms (in-flight {} ms, drain {} ms, flip {} ms)",
                    pipeline,
                    TimeUnit.NANOSECONDS.toMillis(held),
                    TimeUnit.NANOSECONDS.toMillis(idleAt - start),
                    TimeUnit.NANOSECONDS.toMillis(Math.max(0, drainedAt - idleAt)),
                    TimeUnit.NANOSECONDS.toMillis(Math.max(0, flippedAt - drainedAt)));
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** How a switch ended: switched, or aborted with the reason; both with the hold time. */
    public record Outcome(boolean switched, Duration holdTime, String reason) {

        static Outcome switched(Duration holdTime) {
            return new Outcome(true, holdTime, null);
        }

        static Outcome aborted(Duration holdTime, String reason) {
            return new Outcome(false, holdTime, reason);
        }
    }
}
