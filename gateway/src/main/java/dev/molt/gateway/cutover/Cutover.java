package dev.molt.gateway.cutover;

import dev.molt.gateway.fence.FencedSwitch;
import dev.molt.gateway.routing.RoutingState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The one place that changes the stage. A transition checks its guards, runs its actions, persists
 * the new stage and only then publishes its routes, so a stage that is served is always a stage
 * that is stored. One transition at a time: a second one arriving meanwhile is refused, not queued,
 * because it was decided against a stage that is about to change.
 * <p>
 * A fenced switch (the command routes, stage 6 and its rollback) does only two things while commands
 * are held after the drain: it writes the few-byte stage file ({@link CutoverStore#persistStage})
 * and publishes the routes. The history line, with its hold time, is written after the release.
 * Why a crash at any point loses no write, taking 5 to 6 (the rollback is the same with the reverse
 * pipeline and the roles of OLD and NEW swapped):
 * <ul>
 *   <li>Before the stage file is replaced: the gateway comes back at 5. No command reached NEW
 *       command (the door was closed before the flip), so OLD holds every acknowledged write and
 *       forward replication goes on carrying it to NEW. Held commands die with the process unanswered;
 *       none was acknowledged, so none is lost.
 *   <li>After the stage file is replaced, before or after the routes are published: the gateway
 *       comes back at 6. The drain finished before the stage file was written, and no command reached
 *       OLD after the door closed, so NEW already holds every write OLD acknowledged; sending the
 *       next commands to NEW is exactly what the switch would have done.
 *   <li>After the release, before the history is written: stage file and routes agree on 6; only the
 *       history line of this switch is missing, which no route depends on.
 * </ul>
 * The case that would lose writes, routes at 6 while the stored stage says 5, cannot happen: the
 * routes are published only after the stage file says 6, and an aborted switch never writes it.
 */
@Component
public class Cutover {

    private static final Logger log = LoggerFactory.getLogger(Cutover.class);
    /**
     * How long a transition waits for the lock the replicas share: another replica's reconciler or
     * alignment holds it for a moment between transitions, which is no reason to refuse an operator;
     * where another replica's transition held it, the stage it moved to refuses this one.
     */
    private static final Duration TRANSITION_LOCK_WAIT = Duration.ofSeconds(2);

    private final CutoverStore store;
    private final CutoverPlan plan;
    private final RoutingState routing;
    private final FencedSwitch fencedSwitch;
    private final GuardTimers timers;
    private final Peers peers;
    private final ApplicationEventPublisher events;
    private final ReentrantLock transition = new ReentrantLock();
    private final AtomicBoolean inTransition = new AtomicBoolean();
    private Instant successorRoutedFallback;

    Cutover(
            CutoverStore store,
            CutoverPlan plan,
            RoutingState routing,
            FencedSwitch fencedSwitch,
            GuardTimers timers,
            Peers peers,
            ApplicationEventPublisher events) {
        this.store = store;
        this.events = events;
        this.peers = peers;
        this.plan = plan;
        this.routing = routing;
        this.fencedSwitch = fencedSwitch;
        this.timers = timers;
        Stage stage = stage();
        routing.publish(stage.routes(), successorRoutedSince(stage));
        log.info(
                "Cutover at stage {} ({}), routes {}",
                stage.number(),
                stage.title(),
                stage.routes().asMap());
    }

    public Stage stage() {
        return Stage.of(store.state().stage());
    }

    /** The epoch of the stage in force: how many stage changes the shared state database has seen (0 without one). */
    public long epoch() {
        return store.epoch();
    }

    public List<HistoryEntry> history() {
        return store.state().history();
    }

    /** The blockers of the next stage's guards, without the costly ones; empty at the last stage. */
    public List<Blocker> nextBlockers() {
        Stage next = stage().next();
        return next == null ? List.of() : evaluate(plan.step(next).enter().guards(), false);
    }

    public int commandsInFlight() {
        return plan.commandsInFlight();
    }

    public Result advance(boolean force, String actor) {
        return advance(force, actor, null);
    }

    public Result rollback(boolean force, String actor) {
        return rollback(force, actor, null);
    }

    /** Advances, with the operator's {@code note} (why, e.g. why forced; may be null) kept in the history line. */
    public Result advance(boolean force, String actor, String note) {
        return transit(Direction.ADVANCE, force, new Actor(actor, note));
    }

    /** Rolls back, with the operator's {@code note} (may be null) kept in the history line. */
    public Result rollback(boolean force, String actor, String note) {
        return transit(Direction.ROLLBACK, force, new Actor(actor, note));
    }

    /**
     * One step decided at stage {@code from} (by the convergence to a declared target): refused with a
     * {@code stage-changed} blocker, nothing noted, when another replica moved the stage meanwhile;
     * {@code note} (may be null) is kept in the history line.
     */
    Result stepFrom(Stage from, boolean advance, boolean force, String actor, String note) {
        return transit(advance ? Direction.ADVANCE : Direction.ROLLBACK, from, force, new Actor(actor, note));
    }

    private Result transit(Direction direction, boolean force, Actor actor) {
        return transit(direction, null, force, actor);
    }

    private Result transit(Direction direction, Stage expected, boolean force, Actor actor) {
        if (!inTransition.compareAndSet(false, true)) {
            return Result.refused(
                    stage(),
                    List.of(new Blocker(
                            "one-transition-at-a-time",
                            "another transition is in progress; retry once it has finished",
                            false)),
                    "another transition is in progress");
        }
        // the lock is also taken, briefly, by the follower and the reconciler: wait for them, refuse only a transition
        transition.lock();
        try {
            return transitHoldingLocalLock(direction, expected, force, actor);
        } finally {
            transition.unlock();
            inTransition.set(false);
        }
    }

    private Result transitHoldingLocalLock(Direction direction, Stage expected, boolean force, Actor actor) {
        Stage before = stage();
        CutoverStore.HeldLock acrossReplicas;
        try {
            acrossReplicas = store.lockAcrossReplicas(TRANSITION_LOCK_WAIT);
        } catch (RuntimeException e) {
            log.warn("Cannot take the transition lock shared by the replicas", e);
            return Result.refused(
                    stage(),
                    List.of(new Blocker("state-store", e.getMessage(), false)),
                    "the lock shared by the gateway replicas cannot be taken: " + e.getMessage());
        }
        if (acrossReplicas == null) {
            return Result.refused(
                    stage(),
                    List.of(new Blocker(
                            "one-transition-at-a-time",
                            "another gateway replica is running a transition; retry once it has finished",
                            false)),
                    "another gateway replica is running a transition");
        }
        try (acrossReplicas) {
            Optional<Result> unshared = catchUp();
            if (unshared.isPresent()) {
                return unshared.get();
            }
            if (acrossReplicas.waited() && stage() != before) {
                // Held by another replica's transition (a reconciler's hold leaves the stage as it was):
                // this call must not move the stage a second time.
                String reason = "another gateway replica moved the stage to " + stage().number()
                        + " while this one waited for the transition lock";
                return Result.refused(stage(), List.of(new Blocker("one-transition-at-a-time", reason, false)), reason);
            }
            return transitLocked(direction, expected, force, actor);
        }
    }

    private Result transitLocked(Direction direction, Stage expected, boolean force, Actor actor) {
        Stage from = stage();
        if (expected != null && from != expected) {
            String reason = "the stage is " + from.number() + " now, not " + expected.number();
            return Result.refused(from, List.of(new Blocker("stage-changed", reason, false)), reason);
        }
        Stage to = direction.target(from);
        if (to == null) {
            String reason = direction.noFurther();
            return Result.refused(from, List.of(new Blocker("stage-range", reason, false)), reason);
        }
        Attempt attempt = new Attempt(from, to, direction.action(), actor.name(), actor.note());
        Step.Side side = direction.side(plan, from, to);
        List<Blocker> blockers = evaluate(side.guards(), true);
        List<Blocker> remaining =
                force ? blockers.stream().filter(b -> !b.forceable()).toList() : blockers;
        if (!remaining.isEmpty()) {
            String reason = remaining.size() + " blocker(s)"
                    + (force || blockers.stream().noneMatch(Blocker::forceable)
                            ? ""
                            : "; forceable ones may be forced with ?force=true");
            note(attempt.ended(HistoryEntry.Outcome.REFUSED, force, null, reason, remaining));
            return Result.refused(from, remaining, reason);
        }
        boolean forced = force && !blockers.isEmpty();
        try {
            for (Step.Action before : side.before()) {
                before.run();
            }
        } catch (RuntimeException e) {
            String reason = "could not prepare the " + attempt.action() + ": " + e.getMessage();
            note(attempt.ended(HistoryEntry.Outcome.FAILED, forced, null, reason, List.of()));
            return Result.refused(from, List.of(new Blocker("prepare", e.getMessage(), false)), reason);
        }
        Long holdMillis = null;
        if (side.fencedBy() != null) {
            String switchId = from.number() + "-" + to.number() + "-" + System.nanoTime();
            String peersNotClosed = store.sharesState() ? peers.closeAll(switchId) : null;
            boolean[] released = {false};
            FencedSwitch.Outcome outcome;
            try {
                outcome = peersNotClosed != null
                        ? FencedSwitch.Outcome.aborted(Duration.ZERO, peersNotClosed)
                        : fencedSwitch.run(side.fencedBy(), () -> {
                            store.persistStage(to.number());
                            routing.publish(to.routes(), successorRoutedSince(to));
                            if (store.sharesState()) {
                                // the others route by the new stage before this door opens: no command
                                // acknowledged here is read through a replica still at the stage left
                                peers.release(switchId);
                                released[0] = true;
                            }
                        });
            } finally {
                if (store.sharesState() && !released[0]) {
                    peers.release(switchId);
                }
            }
            holdMillis = outcome.holdTime().toMillis();
            if (outcome.modesPending()) {
                events.publishEvent(new WriteFenceAlignment.Needed(outcome.reason()));
            }
            if (!outcome.switched()) {
                note(attempt.ended(HistoryEntry.Outcome.ABORTED, forced, holdMillis, outcome.reason(), List.of()));
                followStore();
                return Result.refused(
                        stage(),
                        List.of(new Blocker("fenced-switch", outcome.reason(), false)),
                        "fenced switch aborted: " + outcome.reason());
            }
            record(to, attempt.ended(HistoryEntry.Outcome.DONE, forced, holdMillis, outcome.writeFence(), List.of()));
        } else {
            try {
                record(to, attempt.ended(HistoryEntry.Outcome.DONE, forced, null, null, List.of()));
            } catch (StageConflictException e) {
                followStore();
                return conflict(e);
            }
            routing.publish(to.routes(), successorRoutedSince(to));
        }
        List<String> warnings = new ArrayList<>();
        for (Step.Action after : side.after()) {
            try {
                after.run();
            } catch (RuntimeException e) {
                warnings.add(e.getMessage());
                log.warn("After {} to stage {}: {}", attempt.action(), to.number(), e.getMessage());
            }
        }
        log.info(
                "{} from stage {} to {} by {}{}",
                attempt.action(),
                from.number(),
                to.number(),
                actor.name(),
                holdMillis == null ? "" : ", commands held " + holdMillis + " ms");
        return Result.done(to, holdMillis == null ? null : Duration.ofMillis(holdMillis), warnings);
    }

    /**
     * Runs {@code work} on the current stage and stores the history entries it returns, unless a
     * transition is in progress, here or on another replica: then nothing runs and the answer is
     * false. It takes the locks a transition takes, this replica's and the one shared by the
     * replicas, and reads the stage from the state store under them, so what it does (the
     * reconciler's starts and stops) never races a transition, nor acts on a stage another replica
     * has just left. A state store that cannot be read throws: nothing runs.
     */
    boolean betweenTransitions(Function<Stage, List<HistoryEntry>> work) {
        if (!transition.tryLock()) {
            return false;
        }
        try (CutoverStore.HeldLock acrossReplicas = store.lockAcrossReplicas(Duration.ZERO)) {
            if (acrossReplicas == null) {
                return false;
            }
            if (store.refresh()) {
                publishStored();
            }
            for (HistoryEntry entry : work.apply(stage())) {
                note(entry);
            }
            return true;
        } finally {
            transition.unlock();
        }
    }

    /** Reads the state store and routes by it now, whatever this replica is doing; throws when the store cannot be read. */
    void followNow() {
        store.refresh();
        publishStored();
    }

    /**
     * Takes a stage another replica stored (through the state database) and routes by it, unless a
     * transition of this replica is in progress: it reads the store itself when it starts. A state
     * database that cannot be read leaves the stage known here in force, and throws.
     */
    void follow() {
        if (!transition.tryLock()) {
            return;
        }
        try {
            if (store.refresh()) {
                publishStored();
            }
        } finally {
            transition.unlock();
        }
    }

    /** Reads the state database before a transition: it starts from the stage every replica sees. */
    private Optional<Result> catchUp() {
        try {
            if (store.refresh()) {
                publishStored();
            }
            return Optional.empty();
        } catch (SharedStage.StateStoreUnavailableException e) {
            return Optional.of(Result.refused(
                    stage(),
                    List.of(new Blocker("state-store", e.getMessage(), false)),
                    "the shared cutover state cannot be read: " + e.getMessage()));
        }
    }

    /** Routes by the stored stage where it differs from the routes in force (after a lost compare-and-set). */
    private void followStore() {
        try {
            store.refresh();
        } catch (SharedStage.StateStoreUnavailableException e) {
            log.warn("Could not re-read the shared cutover state: {}", e.getMessage());
        }
        publishStored();
    }

    private void publishStored() {
        Stage stage = stage();
        routing.publish(stage.routes(), successorRoutedSince(stage));
        log.info(
                "Following the shared cutover state: stage {} ({}) at epoch {}",
                stage.number(),
                stage.title(),
                store.epoch());
    }

    private Result conflict(StageConflictException e) {
        return Result.refused(stage(), List.of(new Blocker("stage-changed", e.getMessage(), false)), e.getMessage());
    }

    /** Stores {@code entry} in the history with the stage unchanged; an unreachable state database is logged. */
    private void note(HistoryEntry entry) {
        try {
            store.append(entry);
        } catch (SharedStage.StateStoreUnavailableException e) {
            log.warn("Could not store the history line {} {}: {}", entry.action(), entry.outcome(), e.getMessage());
        }
        timers.flushLogged();
    }

    /** Stores {@code entry} in the history with {@code current} as the stage. */
    private void record(Stage current, HistoryEntry entry) {
        store.save(current.number(), entry);
        timers.flushLogged();
    }

    /** Who asks for a transition, and the note they gave (null if none). */
    private record Actor(String name, String note) {}

    /** One transition attempt: what every history line of it shares, the operator's note first in its reason. */
    private record Attempt(Stage from, Stage to, String action, String actor, String note) {

        HistoryEntry ended(
                HistoryEntry.Outcome outcome, boolean forced, Long holdMillis, String reason, List<Blocker> blockers) {
            return new HistoryEntry(
                    Instant.now(),
                    actor,
                    action,
                    from.number(),
                    to.number(),
                    outcome,
                    forced,
                    holdMillis,
                    note == null ? reason : reason == null ? note : note + "; " + reason,
                    blockers);
        }
    }

    /**
     * Null where {@code stage} does not route the new API; else when stage 8 (new API routed) was
     * last entered from stage 7, from the persisted history, so the
     * {@code Sunset} date survives restarts. Where the history no longer holds that entry (trimmed, or
     * a state file written by hand), the first time this gateway needed it since it started.
     */
    private Instant successorRoutedSince(Stage stage) {
        if (!stage.routes().successorRouted()) {
            return null;
        }
        List<HistoryEntry> history = history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry entry = history.get(i);
            if (entry.outcome() == HistoryEntry.Outcome.DONE
                    && entry.to() == Stage.NEW_API_ROUTED.number()
                    && entry.from() == Stage.FORWARD_STOPPED.number()) {
                return entry.at();
            }
        }
        if (successorRoutedFallback == null) {
            successorRoutedFallback = Instant.now();
        }
        return successorRoutedFallback;
    }

    private static List<Blocker> evaluate(List<Guard> guards, boolean includeCostly) {
        List<Blocker> blockers = new ArrayList<>();
        for (Guard guard : guards) {
            if (!includeCostly && guard.costly()) {
                continue;
            }
            guard.evaluate().ifPresent(blockers::add);
        }
        return blockers;
    }

    /** How a transition ended: the stage now in force, and the blockers or reason if nothing changed. */
    public record Result(
            boolean done,
            Stage stage,
            List<Blocker> blockers,
            String reason,
            Duration holdTime,
            List<String> warnings) {

        static Result done(Stage stage, Duration holdTime, List<String> warnings) {
            return new Result(true, stage, List.of(), null, holdTime, warnings);
        }

        static Result refused(Stage stage, List<Blocker> blockers, String reason) {
            return new Result(false, stage, blockers, reason, null, List.of());
        }

        public Optional<Duration> hold() {
            return Optional.ofNullable(holdTime);
        }
    }
}
