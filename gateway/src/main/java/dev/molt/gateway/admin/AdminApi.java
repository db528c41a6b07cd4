package dev.molt.gateway.admin;

import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.config.Problems;
import dev.molt.gateway.cutover.Cutover;
import dev.molt.gateway.cutover.HistoryEntry;
import dev.molt.gateway.cutover.PeerHold;
import dev.molt.gateway.cutover.PipelineReconciler;
import dev.molt.gateway.cutover.ReplicaRegistry;
import dev.molt.gateway.cutover.Stage;
import dev.molt.gateway.replication.PipelineStatus;
import dev.molt.gateway.replication.ReplicatorClient;
import dev.molt.gateway.routing.LiveBackends;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import dev.molt.gateway.traffic.TrafficRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The admin endpoints. Guards and switches block on remote calls, so every handler runs on the
 * bounded elastic scheduler, never on an event loop that public traffic needs.
 */
@Component
class AdminApi {

    private static final int HISTORY_SHOWN = 100;
    private static final int CLIENTS_SHOWN = 1000;
    /** Longest note an operator may give a transition (kept in the history). */
    /** Seconds of traffic answered when the call does not say (the dashboard's charts). */
    private static final int TRAFFIC_SECONDS = 300;

    private final Cutover cutover;
    private final ReplicatorClient replicator;
    private final ClientUsage usage;
    private final AdminToken token;
    private final PipelineReconciler reconciler;
    private final ReplicaRegistry replicas;
    private final PeerHold peerHold;
    private final TrafficRecorder traffic;
    private final TargetApi target;
    private final LiveBackends liveBackends;

    AdminApi(
            Cutover cutover,
            ReplicatorClient replicator,
            ClientUsage usage,
            AdminToken token,
            PipelineReconciler reconciler,
            ReplicaRegistry replicas,
            PeerHold peerHold,
            TrafficRecorder traffic,
            TargetApi target,
            LiveBackends liveBackends) {
        this.cutover = cutover;
        this.traffic = traffic;
        this.liveBackends = liveBackends;
        this.target = target;
        this.peerHold = peerHold;
        this.replicas = replicas;
        this.reconciler = reconciler;
        this.replicator = replicator;
        this.usage = usage;
        this.token = token;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/admin/cutover", request -> blocking(() -> ok(view())))
                .POST("/admin/cutover/advance", request -> blocking(() -> transition(request, true)))
                .POST("/admin/cutover/rollback", request -> blocking(() -> transition(request, false)))
                .PUT("/admin/cutover/target", target::declare)
                .DELETE("/admin/cutover/target", target::clear)
                .GET("/admin/cutover/clients", request -> blocking(() -> ok(clients())))
                .GET("/admin/cutover/traffic", this::traffic)
                .POST(ReplicaPeers.CLOSE, request -> blocking(() -> closeForPeer(request)))
                .POST(ReplicaPeers.RELEASE, request -> blocking(() -> releaseForPeer(request)))
                .filter(bearerToken())
                .build();
    }

    private HandlerFilterFunction<ServerResponse, ServerResponse> bearerToken() {
        return (request, next) -> {
            String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return ServerResponse.status(HttpStatus.UNAUTHORIZED)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"molt-admin\"")
                        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .bodyValue(Problems.problem(
                                HttpStatus.UNAUTHORIZED,
                                "Unauthorized",
                                "send Authorization: Bearer <admin token>",
                                Map.of()));
            }
            if (!token.matches(header.substring(7).trim())) {
                return problem(HttpStatus.FORBIDDEN, "Forbidden", "the admin token is not valid", Map.of());
            }
            return next.handle(request);
        };
    }

    private Mono<ServerResponse> transition(ServerRequest request, boolean advance) {
        var targetRefuses = target.refuseManual(request, advance);
        if (targetRefuses.isPresent()) {
            return targetRefuses.get();
        }
        boolean force = request.queryParam("force").map(Boolean::parseBoolean).orElse(false);
        String actor = request.headers().firstHeader("X-Molt-Actor");
        String who = actor == null || actor.isBlank() ? "admin" : actor;
        String reason = request.queryParam("reason")
                .map(String::strip)
                .filter(r -> !r.isEmpty())
                .orElse(null);
        Optional<String> badReason = Reasons.problem(reason);
        if (badReason.isPresent()) {
            return problem(HttpStatus.BAD_REQUEST, "Bad request", badReason.get(), Map.of());
        }
        Cutover.Result result = advance ? cutover.advance(force, who, reason) : cutover.rollback(force, who, reason);
        if (result.done()) {
            Map<String, Object> body = view();
            result.hold().ifPresent(hold -> body.put("holdMillis", hold.toMillis()));
            if (!result.warnings().isEmpty()) {
                body.put("warnings", result.warnings());
            }
            return ok(body);
        }
        return problem(
                HttpStatus.CONFLICT,
                (advance ? "Advance" : "Rollback") + " refused",
                result.reason(),
                Map.of("stage", result.stage().number(), "blockers", result.blockers()));
    }

    /** The last {@code seconds} (default and at most five minutes) of traffic per route group. */
    private Mono<ServerResponse> traffic(ServerRequest request) {
        String seconds = request.queryParam("seconds").orElse(String.valueOf(TRAFFIC_SECONDS));
        if (!seconds.matches("[0-9]{1,4}")
                || Integer.parseInt(seconds) < 1
                || Integer.parseInt(seconds) > TRAFFIC_SECONDS) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Bad request",
                    "seconds must be a whole number from 1 to " + TRAFFIC_SECONDS,
                    Map.of());
        }
        return ok(traffic.report(Integer.parseInt(seconds)));
    }

    /** This replica's client table; with replicas sharing a state database, also every replica's clients. */
    private Object clients() {
        ClientUsage.Report report = usage.report();
        if (!replicas.shared()) {
            return report;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("thisReplica", report);
        body.put("allReplicas", replicas.sharedClients(CLIENTS_SHOWN));
        return body;
    }

    /** A peer's switch asks this replica to close its command door and report idle. */
    private Mono<ServerResponse> closeForPeer(ServerRequest request) {
        String switchId = request.queryParam("switch").orElse("");
        if (switchId.isBlank()) {
            return problem(HttpStatus.BAD_REQUEST, "Bad request", "the switch query parameter is required", Map.of());
        }
        if (!peerHold.close(switchId)) {
            return problem(
                    HttpStatus.CONFLICT,
                    "Commands in flight",
                    "this replica's commands in flight did not end within the hold time-out",
                    Map.of("replica", String.valueOf(replicas.id())));
        }
        return ok(Map.of("replica", String.valueOf(replicas.id()), "closed", true));
    }

    /** A peer's switch ended: read its outcome from the state store, route by it, open. */
    private Mono<ServerResponse> releaseForPeer(ServerRequest request) {
        String switchId = request.queryParam("switch").orElse("");
        try {
            peerHold.release(switchId);
        } catch (RuntimeException e) {
            return problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Outcome unknown",
                    "the state store cannot tell the outcome; commands stay held: " + e.getMessage(),
                    Map.of());
        }
        return ok(Map.of(
                "replica",
                String.valueOf(replicas.id()),
                "stage",
                cutover.stage().number()));
    }

    private Map<String, Object> view() {
        Stage stage = cutover.stage();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stage", stage.number());
        body.put("name", stage.title());
        body.put("epoch", cutover.epoch());
        body.put("routes", stage.routes().asMap());
        body.put("backends", backends());
        body.put("stages", stages());
        body.put("replicas", replicas());
        body.put("replication", replication());
        body.put("pipelines", reconciler.report());
        Stage next = stage.next();
        body.put("next", next == null ? null : Map.of("stage", next.number(), "name", next.title()));
        body.put("blockers", cutover.nextBlockers());
        body.put("target", target.view());
        body.put("backendConfiguration", backendConfiguration());
        body.put("commandsInFlight", cutover.commandsInFlight());
        List<HistoryEntry> history = cutover.history();
        body.put("history", history.subList(Math.max(0, history.size() - HISTORY_SHOWN), history.size()));
        return body;
    }

    /** Where each group's OLD and NEW targets are, as the backends in force say. */
    private Map<String, Object> backends() {
        Map<String, Object> backends = new LinkedHashMap<>();
        for (RouteGroup group : RouteGroup.values()) {
            Map<String, Object> targets = new LinkedHashMap<>();
            for (Target side : group.oldApi() ? new Target[] {Target.OLD, Target.NEW} : new Target[] {Target.NEW}) {
                targets.put(side.name(), String.valueOf(liveBackends.current().of(group, side)));
            }
            backends.put(group.id(), targets);
        }
        return backends;
    }

    private static List<Map<String, Object>> stages() {
        List<Map<String, Object>> stages = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            stages.add(Map.of(
                    "stage",
                    stage.number(),
                    "name",
                    stage.title(),
                    "routes",
                    stage.routes().asMap()));
        }
        return stages;
    }

    /** The backend URLs in force, and why the latest change of them was refused, if it was. */
    private Map<String, Object> backendConfiguration() {
        Map<String, Object> backends = new LinkedHashMap<>();
        backends.put("inForce", liveBackends.current());
        backends.put("configurationError", liveBackends.configurationError());
        return backends;
    }

    private Object replicas() {
        try {
            return replicas.live();
        } catch (RuntimeException e) {
            return Map.of("error", e.getMessage());
        }
    }

    private Map<String, Object> replication() {
        Map<String, Object> replication = new LinkedHashMap<>();
        try {
            List<PipelineStatus> pipelines = replicator.pipelines();
            PipelineStatus forward = pipelines.stream()
                    .filter(p -> replicator.forward().equals(p.name()))
                    .findFirst()
                    .orElse(null);
            replication.put("state", forward == null ? "UNKNOWN" : forward.state());
            replication.put("lagMs", forward == null ? null : forward.lagMillis());
            replication.put("pipelines", pipelines);
        } catch (RuntimeException e) {
            replication.put("state", "UNREACHABLE");
            replication.put("lagMs", null);
            replication.put("error", e.getMessage());
        }
        return replication;
    }

    private static Mono<ServerResponse> blocking(Callable<Mono<ServerResponse>> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic()).flatMap(response -> response);
    }

    private static Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static Mono<ServerResponse> problem(
            HttpStatus status, String title, String detail, Map<String, ?> extensions) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(Problems.problem(status, title, detail, extensions));
    }
}
