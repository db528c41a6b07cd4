package dev.molt.gateway.cutover;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Moves the stage towards the declared target one step at a time, each step an ordinary advance or
 * rollback through {@link Cutover}: the same guards, the same lock across replicas, so however many
 * replicas converge, one step is taken at a time and a replica that dies leaves the stage that was
 * decided for the next one to carry on from. Between two steps it waits the dwell, counted from the
 * last step in the (shared) history, so the dwell holds across the fleet. A guard that refuses
 * stops it at that stage ({@code blocked}, with the blockers) until it passes; it is asked again on
 * a doubling back-off.
 */
@Component
public class Convergence implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Convergence.class);
    /** Blockers that say another replica or caller is moving the stage: look again at the next check, no back-off. */
    private static final Set<String> RETRY_NOW = Set.of("one-transition-at-a-time", "stage-changed");

    /** Where convergence stands. */
    public enum State {
        CONVERGING,
        CONVERGED,
        BLOCKED
    }

    /** The state of the convergence to {@code target} at {@code stage}, and since when; stale once the stage moved. */
    record Status(StageTarget target, int stage, State state, List<Blocker> blockers, Instant since) {}

    private final Cutover cutover;
    private final DeclaredTarget declared;
    private final ReplicaRegistry replica;
    private final ScheduledExecutorService timer;
    private volatile Status status;
    private Duration backoff;
    private Instant retryAt;

    Convergence(Cutover cutover, DeclaredTarget declared, ReplicaRegistry replica) {
        this.cutover = cutover;
        this.declared = declared;
        this.replica = replica;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "molt-convergence");
            thread.setDaemon(true);
            return thread;
        });
        scheduleNext();
    }

    /** The target and how far convergence is, for {@code GET /admin/cutover}; null without a target or a refused one. */
    public Map<String, Object> view() {
        StageTarget target = declared.current().orElse(null);
        String error = declared.configurationError();
        if (target == null && error == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        Status now = status;
        if (target != null) {
            int stage = cutover.stage().number();
            // a step another replica took, or this one just took, leaves a status of the stage before
            boolean current = now != null && now.target().equals(target) && now.stage() == stage;
            boolean reached = stage == target.stage();
            view.put("stage", target.stage());
            view.put("force", target.force());
            view.put("reason", target.reason());
            view.put("source", target.source());
            view.put("declaredAt", target.since());
            view.put(
                    "state",
                    (current ? now.state() : reached ? State.CONVERGED : State.CONVERGING)
                            .name()
                            .toLowerCase(Locale.ROOT));
            view.put("blockers", current ? now.blockers() : List.of());
            view.put("since", current ? now.since() : target.since());
        }
        if (error != null) {
            view.put("configurationError", error);
        }
        return view;
    }

    private void scheduleNext() {
        try {
            timer.schedule(
                    this::tickAndReschedule, declared.settings().checkInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the gateway is shutting down: no next check
        }
    }

    private void tickAndReschedule() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Convergence to the declared target failed this time: {}", e.toString());
        } finally {
            scheduleNext();
        }
    }

    /** One look at the stage: a step if one is due. */
    void tick() {
        StageTarget target = declared.current().orElse(null);
        if (target == null) {
            status = null;
            return;
        }
        if (status == null || !status.target().equals(target)) {
            backoff = null;
            retryAt = null;
            status = new Status(target, cutover.stage().number(), State.CONVERGING, List.of(), Instant.now());
        }
        try {
            cutover.follow();
        } catch (RuntimeException e) {
            enter(target, State.BLOCKED, List.of(new Blocker("state-store", e.getMessage(), false)));
            return;
        }
        Stage stage = cutover.stage();
        if (stage.number() == target.stage()) {
            enter(target, State.CONVERGED, List.of());
            return;
        }
        Instant now = Instant.now();
        if (retryAt != null && now.isBefore(retryAt)) {
            return;
        }
        Instant lastStep = lastStepAt();
        if (lastStep != null && now.isBefore(lastStep.plus(declared.settings().dwell()))) {
            return;
        }
        boolean up = stage.number() < target.stage();
        Stage entered = up ? stage.next() : stage.previous();
        boolean force = target.forces(entered);
        Cutover.Result result = cutover.stepFrom(stage, up, force, target.actor(), takenBy());
        if (!declared.current().map(target::equals).orElse(false)) {
            return;
        }
        if (result.done()) {
            backoff = null;
            retryAt = null;
            enter(target, result.stage().number() == target.stage() ? State.CONVERGED : State.CONVERGING, List.of());
            return;
        }
        if (!result.blockers().isEmpty() && result.blockers().stream().allMatch(b -> RETRY_NOW.contains(b.guard()))) {
            return;
        }
        Duration interval = declared.settings().checkInterval();
        Duration max = declared.settings().maxBackoff();
        backoff = backoff == null ? interval : backoff.multipliedBy(2);
        if (backoff.compareTo(max) > 0) {
            backoff = max;
        }
        retryAt = Instant.now().plus(backoff);
        enter(target, State.BLOCKED, result.blockers());
    }

    private void enter(StageTarget target, State state, List<Blocker> blockers) {
        Status before = status;
        if (before != null
                && before.state() == state
                && before.stage() == cutover.stage().number()
                && Objects.equals(before.blockers(), blockers)) {
            return;
        }
        if (state == State.BLOCKED) {
            log.warn(
                    "Convergence to stage {} blocked at stage {}: {}",
                    target.stage(),
                    cutover.stage().number(),
                    blockers);
        } else if (state == State.CONVERGED) {
            log.info("Converged to the declared target, stage {}", target.stage());
        }
        status = new Status(
                target,
                cutover.stage().number(),
                state,
                List.copyOf(blockers),
                before != null
                                && before.state() == state
                                && before.stage() == cutover.stage().number()
                        ? before.since()
                        : Instant.now());
    }

    /** Which replica took a step, for the history: the one to look at when a step went wrong. */
    private String takenBy() {
        String id = replica.id();
        return id == null ? null : "taken by replica " + id;
    }

    /** When the stage last changed, from the history every replica shares; null when it never did. */
    private Instant lastStepAt() {
        List<HistoryEntry> history = cutover.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry entry = history.get(i);
            if (entry.outcome() == HistoryEntry.Outcome.DONE && entry.from() != entry.to()) {
                return entry.at();
            }
        }
        return null;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
