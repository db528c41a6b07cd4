package dev.molt.gateway.cutover;

import dev.molt.gateway.fence.FencedSwitch;
import dev.molt.gateway.routing.RoutingState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place that changes the stage. A transition checks its guards, runs its actions, persists
 * the new stage and only then publishes its routes, so a stage that is served is always a stage
 * that is stored. One transition at a time: a second one arriving meanwhile is refused, not queued,
 * because it was decided against a stage that is about to change.
 */
@Component
public class Cutover {

    private static final Logger log = LoggerFactory.getLogger(Cutover.class);

    private final CutoverStore store;
    private final CutoverPlan plan;
    private final RoutingState routing;
    private final FencedSwitch fencedSwitch;
    private final ReentrantLock transition = new ReentrantLock();

    Cutover(CutoverStore store, CutoverPlan plan, RoutingState routing, FencedSwitch fencedSwitch) {
        this.store = store;
        this.plan = plan;
        this.routing = routing;
        this.fencedSwitch = fencedSwitch;
        Stage stage = stage();
        routing.publish(stage.routes());
        log.info(
                "Cutover at stage {} ({}), routes {}",
                stage.number(),
                stage.title(),
                stage.routes().asMap());
    }

    public Stage stage() {
        return Stage.of(store.state().stage());
    }

    public List<HistoryEntry> history() {
        return store.state().history();
    }

    /** The blockers of the next stage's guards, without the costly ones; empty at the last stage. */
    public List<Blocker> nextBlockers() {
        Stage next = stage().next();
        return next == null ? List.of() : evaluate(plan.step(next).enterGuards(), false);
    }

    public int commandsInFlight() {
        return plan.commandsInFlight();
    }

    public Result advance(boolean force, String actor) {
        return transit(true, force, actor);
    }

    public Result rollback(boolean force, String actor) {
        return transit(false, force, actor);
    }

    private Result transit(boolean forward, boolean force, String actor) {
        if (!transition.tryLock()) {
            return Result.refused(
                    stage(),
                    List.of(new Blocker(
                            "one-transition-at-a-time",
                            "another transition is in progress; retry once it has finished",
                            false)),
                    "another transition is in progress");
        }
        try {
            Stage from = stage();
            Stage to = forward ? from.next() : from.previous();
            String action = forward ? "advance" : "rollback";
            if (to == null) {
                String reason = forward ? "already at the last stage" : "already at the first stage";
                return Result.refused(from, List.of(new Blocker("stage-range", reason, false)), reason);
            }
            Step step = plan.step(forward ? to : from);
            List<Blocker> blockers = evaluate(forward ? step.enterGuards() : step.rollbackGuards(), true);
            List<Blocker> remaining =
                    force ? blockers.stream().filter(b -> !b.forceable()).toList() : blockers;
            if (!remaining.isEmpty()) {
                String reason = remaining.size() + " blocker(s)"
                        + (force || blockers.stream().noneMatch(Blocker::forceable)
                                ? ""
                                : "; forceable ones may be forced with ?force=true");
                record(from, from, to, action, actor, HistoryEntry.Outcome.REFUSED, force, null, reason, remaining);
                return Result.refused(from, remaining, reason);
            }
            boolean forced = force && !blockers.isEmpty();
            try {
                for (Step.Action before : forward ? step.beforeEnter() : step.beforeRollback()) {
                    before.run();
                }
            } catch (RuntimeException e) {
                String reason = "could not prepare the " + action + ": " + e.getMessage();
                record(from, from, to, action, actor, HistoryEntry.Outcome.FAILED, forced, null, reason, List.of());
                return Result.refused(from, List.of(new Blocker("prepare", e.getMessage(), false)), reason);
            }
            String fencedBy = forward ? step.enterFencedBy() : step.rollbackFencedBy();
            Long holdMillis = null;
            if (fencedBy != null) {
                FencedSwitch.Outcome outcome =
                        fencedSwitch.run(fencedBy, () -> commit(from, to, action, actor, forced, null));
                holdMillis = outcome.holdTime().toMillis();
                if (!outcome.switched()) {
                    record(
                            from,
                            from,
                            to,
                            action,
                            actor,
                            HistoryEntry.Outcome.ABORTED,
                            forced,
                            holdMillis,
                            outcome.reason(),
                            List.of());
                    return Result.refused(
                            from,
                            List.of(new Blocker("fenced-switch", outcome.reason(), false)),
                            "fenced switch aborted: " + outcome.reason());
                }
                amendHold(holdMillis);
            } else {
                commit(from, to, action, actor, forced, null);
            }
            List<String> warnings = new ArrayList<>();
            for (Step.Action after : forward ? step.afterEnter() : step.afterRollback()) {
                try {
                    after.run();
                } catch (RuntimeException e) {
                    warnings.add(e.getMessage());
                    log.warn("After {} to stage {}: {}", action, to.number(), e.getMessage());
                }
            }
            log.info(
                    "{} from stage {} to {} by {}{}",
                    action,
                    from.number(),
                    to.number(),
                    actor,
                    holdMillis == null ? "" : ", commands held " + holdMillis + " ms");
            return Result.done(to, holdMillis == null ? null : Duration.ofMillis(holdMillis), warnings);
        } finally {
            transition.unlock();
        }
    }

    private void commit(Stage from, Stage to, String action, String actor, boolean forced, Long holdMillis) {
        store.save(
                to.number(),
                new HistoryEntry(
                        Instant.now(),
                        actor,
                        action,
                        from.number(),
                        to.number(),
                        HistoryEntry.Outcome.DONE,
                        forced,
                        holdMillis,
                        null,
                        List.of()));
        routing.publish(to.routes());
    }

    /** The hold time is known only once the door has opened again, after the commit inside it. */
    private void amendHold(long holdMillis) {
        List<HistoryEntry> history = store.state().history();
        HistoryEntry last = history.get(history.size() - 1);
        store.replaceLast(new HistoryEntry(
                last.at(),
                last.actor(),
                last.action(),
                last.from(),
                last.to(),
                last.outcome(),
                last.forced(),
                holdMillis,
                last.reason(),
                last.blockers()));
    }

    private void record(
            Stage current,
            Stage from,
            Stage to,
            String action,
            String actor,
            HistoryEntry.Outcome outcome,
            boolean forced,
            Long holdMillis,
            String reason,
            List<Blocker> blockers) {
        store.save(
                current.number(),
                new HistoryEntry(
                        Instant.now(),
                        actor,
                        action,
                        from.number(),
                        to.number(),
                        outcome,
                        forced,
                        holdMillis,
                        reason,
                        blockers));
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
