package dev.molt.gateway.cutover;

import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.fence.CommandFence;
import dev.molt.gateway.replication.ApplyMode;
import dev.molt.gateway.replication.PipelineStatus;
import dev.molt.gateway.replication.ReplicatorClient;
import dev.molt.gateway.replication.Verification;
import dev.molt.gateway.routing.LiveBackends;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The guards, actions and rollbacks of the stage table, one {@link Step} per stage, in one place.
 * Read it next to the table in DESIGN.md: each line below is one row.
 */
@Component
class CutoverPlan {

    private final ReplicatorClient replicator;
    private final ServiceProbe services;
    private final DatabaseProbe databases;
    private final MigrationLintProbe migrations;
    private final ClientUsage usage;
    private final CommandFence fence;
    private final CutoverStore store;
    private final LiveBackends live;
    private final CutoverProperties properties;
    private final Map<Stage, Step> steps = new EnumMap<>(Stage.class);

    CutoverPlan(
            ReplicatorClient replicator,
            ServiceProbe services,
            DatabaseProbe databases,
            MigrationLintProbe migrations,
            ClientUsage usage,
            CommandFence fence,
            CutoverStore store,
            LiveBackends live,
            CutoverProperties properties) {
        this.replicator = replicator;
        this.services = services;
        this.databases = databases;
        this.migrations = migrations;
        this.usage = usage;
        this.fence = fence;
        this.store = store;
        this.live = live;
        this.properties = properties;
        String forward = replicator.forward();
        String reverse = replicator.reverse();

        steps.put(Stage.CURRENT_STATE, Step.routesOnly());
        steps.put(
                Stage.REPLICATING,
                Step.routesOnly()
                        .enterIf(
                                Guard.of("old-binlog-row-full", databases::oldBinlogNotRowFull),
                                Guard.of("new-schema-migrated", databases::newSchemaMissing),
                                Guard.of("new-migrations-expand-contract", migrations::pendingBreakExpandContract)
                                        .onlyOnTransition()
                                        .allowForce())
                        .onEnter(startFor(Stage.REPLICATING, Stage.REPLICATING, false))
                        .onRollback(stopBetween(Stage.REPLICATING, Stage.CURRENT_STATE)));
        steps.put(
                Stage.NEW_QUERY_DEPLOYED,
                Step.routesOnly().enterIf(snapshotDone(forward), healthy("new-query-healthy", live::newQuery)));
        steps.put(Stage.QUERY_SWITCHED, Step.routesOnly().enterIf(lagUnderLimit(forward), verificationEqual(forward)));
        steps.put(
                Stage.NEW_COMMAND_DEPLOYED,
                Step.routesOnly().enterIf(healthy("new-command-healthy", live::newCommand)));
        steps.put(
                Stage.COMMAND_SWITCHED,
                Step.routesOnly()
                        .enterIf(lagUnderLimit(forward), pipelineReady(reverse))
                        .onEnter(startFor(Stage.COMMAND_SWITCHED, Stage.NEW_COMMAND_DEPLOYED, true))
                        .enterFencedBy(forward)
                        .onRollback(startFor(Stage.NEW_COMMAND_DEPLOYED, Stage.COMMAND_SWITCHED, true))
                        .rollbackFencedBy(reverse, stopBetween(Stage.COMMAND_SWITCHED, Stage.NEW_COMMAND_DEPLOYED)));
        steps.put(
                Stage.FORWARD_STOPPED,
                Step.routesOnly()
                        .enterIf(Guard.of("no-write-to-old-since-switch", this::writesToOldSinceSwitch))
                        .onEnter(stopBetween(Stage.COMMAND_SWITCHED, Stage.FORWARD_STOPPED))
                        .onRollback(startFor(Stage.COMMAND_SWITCHED, Stage.COMMAND_SWITCHED, false)));
        steps.put(
                Stage.NEW_API_ROUTED,
                Step.routesOnly()
                        .enterIf(
                                healthy("new-query-serves-new-api", live::newQuery),
                                healthy("new-command-serves-new-api", live::newCommand))
                        .rollbackIf(quiet("no-new-api-traffic", RouteGroup.NEW_API_QUERY, RouteGroup.NEW_API_COMMAND)
                                .allowForce()));
        steps.put(Stage.CLIENTS_SWITCHING, Step.routesOnly());
        steps.put(
                Stage.OLD_ROUTING_REMOVED,
                Step.routesOnly()
                        .enterIf(quiet("no-old-api-calls", RouteGroup.OLD_API_QUERY, RouteGroup.OLD_API_COMMAND)
                                .allowForce()));
        steps.put(
                Stage.OLD_ENDPOINTS_REMOVED,
                Step.routesOnly()
                        .enterIf(Guard.of("no-alias-traffic", this::aliasTrafficSinceOldRoutingRemoved)
                                .allowForce())
                        .onEnter(
                                () -> services.alias(live.current().newQuery(), false),
                                () -> services.alias(live.current().newCommand(), false),
                                stopBetween(Stage.OLD_ROUTING_REMOVED, Stage.OLD_ENDPOINTS_REMOVED))
                        .onRollback(
                                () -> services.alias(live.current().newQuery(), true),
                                () -> services.alias(live.current().newCommand(), true),
                                startFor(Stage.OLD_ROUTING_REMOVED, Stage.OLD_ROUTING_REMOVED, false)));
        steps.put(Stage.DONE, Step.routesOnly());
    }

    Step step(Stage stage) {
        return steps.get(stage);
    }

    private Guard snapshotDone(String pipeline) {
        return Guard.of(pipeline + "-snapshot-done", () -> {
            PipelineStatus status = replicator.status(pipeline);
            if (!status.snapshotCompleted()) {
                return Optional.of(pipeline + " snapshot not completed (" + status.state()
                        + (status.snapshot() == null
                                ? ""
                                : ", " + status.snapshot().rowsCopied() + "/"
                                        + status.snapshot().rowsTotal() + " rows")
                        + ")");
            }
            return status.streaming()
                    ? Optional.empty()
                    : Optional.of(pipeline + " is " + status.state() + ", not STREAMING");
        });
    }

    private Guard lagUnderLimit(String pipeline) {
        return Guard.of(pipeline + "-lag-under-limit", () -> {
            PipelineStatus status = replicator.status(pipeline);
            if (!status.streaming()) {
                return Optional.of(pipeline + " is " + status.state()
                        + (status.reason() == null ? "" : " (" + status.reason() + ")") + ", not STREAMING");
            }
            long lag = status.lagMillis() == null ? Long.MAX_VALUE : status.lagMillis();
            return lag <= properties.maxLag().toMillis()
                    ? Optional.empty()
                    : Optional.of(pipeline + " lag " + lag + " ms is above the limit of "
                            + properties.maxLag().toMillis() + " ms");
        });
    }

    private Guard verificationEqual(String pipeline) {
        return Guard.of(pipeline + "-verification-equal", () -> {
                    Verification v = replicator.verify(pipeline);
                    return v.equal()
                            ? Optional.empty()
                            : Optional.of("verification of " + v.rowsCompared() + " rows found missing " + v.missing()
                                    + ", extra " + v.extra() + ", different " + v.different());
                })
                .onlyOnTransition();
    }

    private Guard pipelineReady(String pipeline) {
        return Guard.of(pipeline + "-ready", () -> {
            PipelineStatus status = replicator.status(pipeline);
            return "FAILED".equals(status.state())
                    ? Optional.of(pipeline + " is FAILED: " + status.reason())
                    : Optional.empty();
        });
    }

    private Guard healthy(String name, Supplier<URI> service) {
        return Guard.of(name, () -> services.unready(service.get()));
    }

    private Guard quiet(String name, RouteGroup... groups) {
        return Guard.of(name, () -> {
            long last = 0;
            for (RouteGroup group : groups) {
                last = Math.max(last, usage.lastCall(group));
            }
            long quietFor = System.currentTimeMillis() - last;
            return last == 0 || quietFor >= properties.quietPeriod().toMillis()
                    ? Optional.empty()
                    : Optional.of(
                            "last call " + Instant.ofEpochMilli(last) + ", " + quietFor + " ms ago; quiet period is "
                                    + properties.quietPeriod().toMillis() + " ms (see GET /admin/cutover/clients)");
        });
    }

    /**
     * From stage 10 on the gateway answers old-API calls itself (410), so an old-API call that reached a
     * NEW alias well after stage 10 was entered came in some other way: only those count. Calls before
     * it were waited out by the stage-10 guard; calls within {@code inFlightGrace} after it were routed
     * before the switch (stage 10 is stored a moment before its routes take over, and a request routed
     * then may still be answering), and would otherwise block stage 11 for ever under old-API load.
     */
    private Optional<String> aliasTrafficSinceOldRoutingRemoved() {
        long since = enteredAt(Stage.OLD_ROUTING_REMOVED)
                + properties.inFlightGrace().toMillis();
        long last = Math.max(
                usage.lastCall(RouteGroup.OLD_API_QUERY, Target.NEW),
                usage.lastCall(RouteGroup.OLD_API_COMMAND, Target.NEW));
        return last <= since
                ? Optional.empty()
                : Optional.of("an old-API call reached a NEW alias at " + Instant.ofEpochMilli(last)
                        + ", after old routing was removed at "
                        + Instant.ofEpochMilli(
                                since - properties.inFlightGrace().toMillis()) + " (and its "
                        + properties.inFlightGrace().toMillis() + " ms in-flight grace)");
    }

    /** The gateway is the only way in: a write reached OLD after the switch only if it routed one there. */
    private Optional<String> writesToOldSinceSwitch() {
        long switchedAt = enteredAt(Stage.COMMAND_SWITCHED);
        long lastToOld = usage.lastCall(RouteGroup.OLD_API_COMMAND, Target.OLD);
        if (lastToOld > switchedAt) {
            return Optional.of("a command was routed to OLD at " + Instant.ofEpochMilli(lastToOld)
                    + ", after the switch at " + Instant.ofEpochMilli(switchedAt));
        }
        return Optional.empty();
    }

    /**
     * When {@code stage}, the current one when its successor's guard runs, was entered: from the stage
     * file, else (a stage file of an older gateway) the last such transition in the history, else 0.
     */
    private long enteredAt(Stage stage) {
        if (store.state().stage() == stage.number()) {
            Optional<Instant> at = store.stageEnteredAt();
            if (at.isPresent()) {
                return at.get().toEpochMilli();
            }
        }
        return store.state().history().stream()
                .filter(e -> e.outcome() == HistoryEntry.Outcome.DONE && e.to() == stage.number() && e.from() != e.to())
                .mapToLong(e -> e.at().toEpochMilli())
                .max()
                .orElse(0);
    }

    /**
     * Starts every pipeline that runs at {@code stage} ({@link Pipeline#runningAt}) unless it runs
     * already, in its mode at {@code modesAt}, and sets that mode where it runs in the other; with
     * {@code awaitStreaming}, waits until each streams. Before a fenced switch {@code modesAt} is the
     * stage the switch leaves: the switch itself changes the modes, inside its fence.
     */
    private Step.Action startFor(Stage stage, Stage modesAt, boolean awaitStreaming) {
        return () -> {
            for (Pipeline pipeline : Pipeline.runningAt(stage)) {
                ensureStreaming(pipeline.nameIn(replicator), pipeline.modeAt(modesAt), awaitStreaming);
            }
        };
    }

    /** Stops every pipeline that runs at {@code from} and not at {@code to}. */
    private Step.Action stopBetween(Stage from, Stage to) {
        return () -> {
            for (Pipeline pipeline : Pipeline.stoppedBetween(from, to)) {
                replicator.control(pipeline.nameIn(replicator), "stop");
            }
        };
    }

    /**
     * Starts {@code pipeline} in {@code mode} unless it runs, else sets the mode where it differs;
     * with {@code awaitStreaming}, waits until it streams.
     */
    private void ensureStreaming(String pipeline, ApplyMode mode, boolean awaitStreaming) {
        PipelineStatus status = replicator.status(pipeline);
        boolean running =
                status.streaming() || "STARTING".equals(status.state()) || "SNAPSHOTTING".equals(status.state());
        if (running || "PAUSED".equals(status.state())) {
            if (status.applyMode() != mode) {
                replicator.applyMode(pipeline, mode);
            }
            if (!running) {
                replicator.control(pipeline, "resume");
            }
        } else {
            replicator.start(pipeline, mode);
        }
        if (!awaitStreaming) {
            return;
        }
        long deadline = System.nanoTime() + properties.pipelineStartTimeout().toNanos();
        while (!replicator.status(pipeline).streaming()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pipeline + " did not reach STREAMING within "
                        + properties.pipelineStartTimeout().toMillis() + " ms");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    int commandsInFlight() {
        return fence.inFlight();
    }
}
