package dev.molt.gateway.fence;

import dev.molt.gateway.replication.ApplyMode;
import dev.molt.gateway.replication.ReplicatorClient;
import dev.molt.gateway.replication.ReplicatorException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Switches the command routes without losing or failing a command: hold, drain in-flight
 * commands, fence the losing side's database ({@link WriteFence}), wait for {@code pipeline} (the
 * one carrying the losing side's writes) to apply everything up to its source's current position
 * and then discard, have the other pipeline apply what its source commits from now on (see {@link
 * ApplyMode}), flip, release. With the door closed and both sources fenced nothing lies between the
 * drain and its mode change, and the other side's source has taken no application write since the
 * last flip, only the echoes the drain just wrote: so each side's writes are applied exactly until
 * the flip and the echoes never. The other pipeline's mode changes at a heartbeat the replicator
 * writes into its source, so the switch does not wait until that pipeline has read the echoes. The
 * door always opens again; if the budget runs out first, the flip is skipped, the modes go back and
 * so do held commands, to the target they would have had anyway.
 */
@Component
public class FencedSwitch {

    private static final Logger log = LoggerFactory.getLogger(FencedSwitch.class);
    private static final int RESTORE_ATTEMPTS = 3;
    private static final Duration RESTORE_PAUSE = Duration.ofMillis(250);

    private final CommandFence fence;
    private final ReplicatorClient replicator;
    private final WriteFence writeFence;
    private final Duration holdTimeout;
    private final Timer holdTimes;

    FencedSwitch(
            CommandFence fence,
            ReplicatorClient replicator,
            WriteFence writeFence,
            FenceProperties properties,
            MeterRegistry meters) {
        this.fence = fence;
        this.replicator = replicator;
        this.writeFence = writeFence;
        this.holdTimeout = properties.holdTimeout();
        this.holdTimes = Timer.builder("molt.gateway.fence.hold")
                .description("How long commands were held by a fenced switch")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /**
     * Runs the switch; {@code flip} runs only with the door closed, nothing in flight, the losing
     * side's database fenced (when the write fence is on) and the pipeline drained. An abort after
     * the fence lifts it again before the door opens, so held commands find their side writable.
     */
    public Outcome run(String pipeline, Runnable flip) {
        long start = System.nanoTime();
        long deadline = start + holdTimeout.toNanos();
        WriteFence.Side losing = pipeline.equals(replicator.reverse()) ? WriteFence.Side.NEW : WriteFence.Side.OLD;
        long[] marks = {start, start, start, start, start};
        fence.close();
        try {
            Attempt attempt = new Attempt(pipeline, losing, deadline, start, marks);
            Outcome outcome = attempt.run(flip);
            if (outcome.switched()) {
                return outcome;
            }
            String modes = attempt.restoreModes();
            if (modes != null) {
                log.error("Aborted switch could not restore the apply modes: {}", modes);
                return outcome.withModesPending(outcome.reason() + "; " + modes
                        + (attempt.fenced != null ? "; the write fence stays on " + losing : "")
                        + " until they are restored");
            }
            return attempt.fenced != null ? outcome.withReason(outcome.reason() + "; " + liftAgain(losing)) : outcome;
        } finally {
            fence.open();
            long held = System.nanoTime() - start;
            holdTimes.record(held, TimeUnit.NANOSECONDS);
            log.info(
                    "Fenced switch on {} held commands for {} ms (in-flight {} ms, write fence {} ms, drain {} ms,"
                            + " other side to apply {} ms, flip {} ms)",
                    pipeline,
                    TimeUnit.NANOSECONDS.toMillis(held),
                    TimeUnit.NANOSECONDS.toMillis(marks[0] - start),
                    between(marks[0], marks[1]),
                    between(marks[1], marks[2]),
                    between(marks[2], marks[3]),
                    between(marks[3], marks[4]));
        }
    }

    /** How long a switch may hold commands: also what a peer replica's hold may take. */
    public Duration holdTimeout() {
        return holdTimeout;
    }

    /**
     * A peer replica's part of another replica's switch: closes this replica's command door and waits
     * until none of its commands is in flight. False (door open again) when they did not end in time.
     */
    public boolean closeForPeer() {
        fence.close();
        if (fence.awaitIdle(System.nanoTime() + holdTimeout.toNanos())) {
            return true;
        }
        fence.open();
        return false;
    }

    /** Opens this replica's command door after {@link #closeForPeer()}; idempotent. */
    public void openForPeer() {
        fence.open();
    }

    private String liftAgain(WriteFence.Side side) {
        try {
            return writeFence.lift(side);
        } catch (RuntimeException e) {
            log.error("Aborted switch left the write fence on {}: {}", side, e.getMessage());
            return "write fence on " + side + " could NOT be lifted: " + e.getMessage();
        }
    }

    /** Milliseconds from one mark to a later one; 0 where the attempt stopped before the later one. */
    private static long between(long from, long to) {
        return TimeUnit.NANOSECONDS.toMillis(Math.max(0, to - from));
    }

    /**
     * One attempt with the door closed; {@code marks} take the instants idle, fenced, drained, the
     * other side set to apply, and flipped.
     */
    private final class Attempt {

        private final String pipeline;
        private final String other;
        private final WriteFence.Side losing;
        private final long deadline;
        private final long start;
        private final long[] marks;
        private String fenced;
        private boolean losingDiscards;
        private boolean otherApplies;

        Attempt(String pipeline, WriteFence.Side losing, long deadline, long start, long[] marks) {
            this.pipeline = pipeline;
            this.other = pipeline.equals(replicator.reverse()) ? replicator.forward() : replicator.reverse();
            this.losing = losing;
            this.deadline = deadline;
            this.start = start;
            this.marks = marks;
        }

        Outcome run(Runnable flip) {
            try {
                boolean idle = fence.awaitIdle(deadline);
                marks[0] = System.nanoTime();
                if (!idle) {
                    return Outcome.aborted(
                            elapsed(start),
                            "commands in flight did not finish within " + holdTimeout.toMillis() + " ms");
                }
                if (writeFence.enabled()) {
                    fenced = writeFence.apply(losing);
                    int open = writeFence.awaitOpenWrites(losing, deadline);
                    if (open > 0) {
                        return Outcome.aborted(
                                elapsed(start),
                                open + " transaction(s) that wrote " + losing + " before the write fence did not end"
                                        + " within " + holdTimeout.toMillis() + " ms");
                    }
                }
                marks[1] = System.nanoTime();
                // Marked before each call: a call that timed out here may still have set its mode there.
                losingDiscards = true;
                String drained = drain(pipeline);
                marks[2] = System.nanoTime();
                if (drained == null) {
                    otherApplies = true;
                    drained = applyFromNow(other);
                }
                if (drained != null) {
                    return Outcome.aborted(elapsed(start), drained);
                }
                marks[3] = System.nanoTime();
                if (writeFence.enabled()) {
                    writeFence.lift(losing.other());
                }
                flip.run();
                marks[4] = System.nanoTime();
                return Outcome.switched(elapsed(start), fenced);
            } catch (RuntimeException e) {
                return Outcome.aborted(elapsed(start), "switch failed: " + e.getMessage());
            }
        }

        /** Drains {@code name} within what is left of the hold, then it discards; the reason it failed, or null. */
        private String drain(String name) {
            Duration remaining = remaining();
            if (remaining.isNegative() || remaining.isZero()) {
                return "no time left to drain " + name;
            }
            try {
                replicator.drain(name, remaining, ApplyMode.DISCARD);
                return null;
            } catch (ReplicatorException e) {
                return failure("drain of " + name, e);
            }
        }

        /** {@code name} applies what its source commits from now on; the reason it failed, or null. */
        private String applyFromNow(String name) {
            Duration remaining = remaining();
            if (remaining.isNegative() || remaining.isZero()) {
                return "no time left to set " + name + " to apply";
            }
            try {
                replicator.applyModeFromSourceHead(name, ApplyMode.APPLY, remaining);
                return null;
            } catch (ReplicatorException e) {
                return failure("apply mode of " + name, e);
            }
        }

        private Duration remaining() {
            return Duration.ofNanos(deadline - System.nanoTime());
        }

        /**
         * After an abort, the modes as they were before the switch: the losing side's pipeline applies
         * again and the other one discards. Null when done (or nothing changed); else what failed, and
         * the losing side must stay fenced, since its writes would be discarded.
         */
        String restoreModes() {
            ReplicatorException last = null;
            for (int attempt = 0; attempt < RESTORE_ATTEMPTS; attempt++) {
                if (attempt > 0) {
                    LockSupport.parkNanos(RESTORE_PAUSE.toNanos());
                }
                try {
                    if (losingDiscards) {
                        replicator.applyMode(pipeline, ApplyMode.APPLY);
                        losingDiscards = false;
                    }
                    if (otherApplies) {
                        replicator.applyMode(other, ApplyMode.DISCARD);
                        otherApplies = false;
                    }
                    return null;
                } catch (ReplicatorException e) {
                    last = e;
                }
            }
            return "apply modes not restored (" + pipeline + " must apply, " + other + " discard): "
                    + last.getMessage();
        }
    }

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Why a call to the replicator failed: {@code what} (e.g. "drain of forward") timed out or failed. */
    private static String failure(String what, ReplicatorException e) {
        return what + (e.timedOut() ? " timed out: " : " failed: ") + e.getMessage();
    }

    /**
     * How a switch ended: switched, or aborted with the reason; both with the hold time, and the
     * write fence a switch left in force (null when the write fence is off). {@code modesPending}:
     * an abort could not set the pipelines' apply modes back (the replicator did not answer), so the
     * losing side stays fenced until someone does (see {@code cutover/WriteFenceAlignment}).
     */
    public record Outcome(boolean switched, Duration holdTime, String reason, String writeFence, boolean modesPending) {

        static Outcome switched(Duration holdTime, String writeFence) {
            return new Outcome(true, holdTime, null, writeFence, false);
        }

        public static Outcome aborted(Duration holdTime, String reason) {
            return new Outcome(false, holdTime, reason, null, false);
        }

        Outcome withReason(String reason) {
            return new Outcome(switched, holdTime, reason, writeFence, modesPending);
        }

        Outcome withModesPending(String reason) {
            return new Outcome(switched, holdTime, reason, writeFence, true);
        }
    }
}
