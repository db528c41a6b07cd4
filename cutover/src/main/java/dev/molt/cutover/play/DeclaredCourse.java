package dev.molt.cutover.play;

import dev.molt.cutover.admin.AdminClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The declarative course: the play declares target stage 12 (forcing stage 10's quiet period, as a
 * team that knows its clients moved would) and lets the gateways converge to it through their
 * guards, at their own dwell; it takes no step itself. It follows {@code GET /admin/cutover} and
 * cuts its report at every step the gateway's history records. On the way it pauses forward
 * replication at stage 3, so that stage 4's lag guard cannot pass (at 4 or 5 if the gateway stepped
 * on before the play looked: stage 6's guard checks the lag too), waits until the gateway shows the
 * convergence blocked by that guard, and resumes replication. At 12 it
 * lowers the target to 4 and follows the rollback, one stage at a time.
 */
final class DeclaredCourse implements StageCourse {

    /** The guard the lag block must name. */
    static final String LAG_GUARD = "forward-lag-under-limit";

    private static final int TOP = 12;
    private static final int BOTTOM = 4;
    private static final List<Integer> FORCE = List.of(10);
    /** The stage at which forward replication is paused: the next stage's guard checks its lag. */
    private static final int LAG_STAGE = 3;
    /**
     * The last stage at which it may be paused: stage 6's guard checks the lag too, should the gateway
     * have taken the step to 4 before the play looked.
     */
    private static final int LAST_LAG_STAGE = 5;

    private static final long LOOK_MILLIS = 100;

    private final AdminClient admin;
    private final ReplicatorWatch replicator;
    private final Duration dwell;
    private final Duration patience;

    DeclaredCourse(AdminClient admin, ReplicatorWatch replicator, Duration dwell, Duration patience) {
        this.admin = admin;
        this.replicator = replicator;
        this.dwell = dwell;
        this.patience = patience;
    }

    @Override
    public void run(Stops stops) throws InterruptedException {
        StepFollower follower = new StepFollower(admin.state());
        declare(TOP, FORCE, "molt play: the shop moves to the seafood API", stops);
        LagDrill lagDrill = new LagDrill(stops);
        try {
            converge(TOP, follower, lagDrill, stops);
        } finally {
            lagDrill.release();
        }
        sleep(dwell);
        declare(BOTTOM, List.of(), "molt play: back to stage 4, losslessly", stops);
        converge(BOTTOM, follower, null, stops);
        sleep(dwell);
    }

    private void declare(int stage, List<Integer> force, String reason, Stops stops) {
        admin.declareTarget(stage, force, reason);
        stops.say("target declared: stage " + stage + (force.isEmpty() ? "" : ", forcing " + force) + " (" + reason
                + "); the gateway converges");
    }

    /**
     * Follows the gateway until it has converged to {@code target}; a stage held longer than the
     * patience without a step ends the course.
     */
    private void converge(int target, StepFollower follower, LagDrill lagDrill, Stops stops)
            throws InterruptedException {
        Block last = null;
        long stepSeen = System.currentTimeMillis();
        while (true) {
            JsonNode state = admin.state();
            if (follower.follow(state, stops) > 0) {
                stepSeen = System.currentTimeMillis();
            }
            Block block = block(state, follower.lastStep());
            if (block != null && !block.sameAs(last)) {
                stops.blocked(block);
                stops.say("convergence blocked at stage " + block.stage() + ": " + block.brief());
            }
            last = block;
            if (lagDrill != null) {
                lagDrill.look(state.path("stage").asInt(), block);
            }
            JsonNode declared = state.path("target");
            if (state.path("stage").asInt() == target
                    && declared.path("stage").asInt() == target
                    && "converged".equals(declared.path("state").asString())) {
                if (lagDrill != null) {
                    lagDrill.finish();
                }
                stops.say("converged to stage " + target);
                return;
            }
            boolean pausedOnPurpose = lagDrill != null && lagDrill.pausing();
            if (!pausedOnPurpose && System.currentTimeMillis() - stepSeen > patience.toMillis()) {
                throw new IllegalStateException("the gateway did not move from stage "
                        + state.path("stage").asInt()
                        + " towards target " + target + " within " + patience.toSeconds() + " s"
                        + (block == null ? "" : ": " + block.brief()));
            }
            TimeUnit.MILLISECONDS.sleep(LOOK_MILLIS);
        }
    }

    /**
     * The block {@code GET /admin/cutover} shows for the declared target, or null. A block that began
     * before {@code lastStep} is the previous stage's, shown for a moment after the step (the stage
     * changes before the convergence's state does): not a block at this stage.
     */
    static Block block(JsonNode state, Instant lastStep) {
        JsonNode target = state.path("target");
        if (!"blocked".equals(target.path("state").asString())) {
            return null;
        }
        if (lastStep != null
                && target.hasNonNull("since")
                && StepFollower.instant(target.get("since")).isBefore(lastStep)) {
            return null;
        }
        List<String> guards = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (JsonNode blocker : target.path("blockers")) {
            guards.add(blocker.path("guard").asString());
            details.add(blocker.path("guard").asString() + ": "
                    + blocker.path("detail").asString());
        }
        return new Block(state.path("stage").asInt(), System.currentTimeMillis(), guards, details);
    }

    /**
     * The guard that cannot pass: forward replication paused at {@link #LAG_STAGE}, the block awaited,
     * replication resumed once the gateway shows it.
     */
    private final class LagDrill {

        private final Stops stops;
        private long pausedAt;
        private long blockSeenAt;
        private boolean resumed;

        LagDrill(Stops stops) {
            this.stops = stops;
        }

        boolean pausing() {
            return pausedAt > 0 && !resumed;
        }

        void look(int stage, Block block) {
            long now = System.currentTimeMillis();
            if (pausedAt == 0 && stage >= LAG_STAGE && stage <= LAST_LAG_STAGE) {
                replicator.pause("forward");
                pausedAt = now;
                stops.say("forward replication paused at stage " + stage + ": the lag guard ahead cannot pass");
                return;
            }
            if (!pausing()) {
                return;
            }
            if (blockSeenAt == 0 && block != null && block.names(LAG_GUARD)) {
                blockSeenAt = now;
            }
            boolean shown = blockSeenAt > 0;
            boolean neverShown = !shown && now - pausedAt > patience.toMillis();
            if (shown || neverShown) {
                resume();
                if (neverShown) {
                    stops.failed("forward replication was paused for " + patience.toSeconds()
                            + " s, but the gateway never showed the convergence blocked by " + LAG_GUARD);
                }
            }
        }

        /** Converged: the block must have been seen. */
        void finish() {
            release();
            if (blockSeenAt == 0) {
                stops.failed("the convergence was never seen blocked by " + LAG_GUARD
                        + (pausedAt == 0
                                ? " (it passed stage " + LAST_LAG_STAGE + " before the play saw it there)"
                                : ""));
            }
        }

        /** Replication never stays paused past the drill, whatever ends it. */
        void release() {
            if (pausing()) {
                resume();
            }
        }

        private void resume() {
            replicator.resume("forward");
            resumed = true;
            stops.say("forward replication resumed; the convergence carries on");
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }
}
