package dev.molt.gateway.admin;

import dev.molt.gateway.config.Problems;
import dev.molt.gateway.cutover.Convergence;
import dev.molt.gateway.cutover.DeclaredTarget;
import dev.molt.gateway.cutover.StageTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code PUT} and {@code DELETE /admin/cutover/target}, and the rule that a declared target owns the
 * stage: a manual advance or rollback is refused while one is declared, unless it overrides (which
 * clears the target, in the history).
 */
@Component
class TargetApi {

    private final DeclaredTarget declared;
    private final Convergence convergence;
    private final JsonMapper json = JsonMapper.builder().build();

    TargetApi(DeclaredTarget declared, Convergence convergence) {
        this.declared = declared;
        this.convergence = convergence;
    }

    /** The {@code target} field of {@code GET /admin/cutover}. */
    Map<String, Object> view() {
        return convergence.view();
    }

    Mono<ServerResponse> declare(ServerRequest request) {
        String actor = actor(request);
        return request.bodyToMono(String.class)
                .defaultIfEmpty("")
                .publishOn(Schedulers.boundedElastic())
                .flatMap(body -> declare(body, actor))
                .onErrorResume(
                        DataBufferLimitException.class,
                        e -> ServerResponse.status(HttpStatus.PAYLOAD_TOO_LARGE)
                                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                                .bodyValue(Problems.problem(
                                        HttpStatus.PAYLOAD_TOO_LARGE,
                                        "Payload too large",
                                        "a target is a small JSON object: " + e.getMessage(),
                                        Map.of())));
    }

    private Mono<ServerResponse> declare(String body, String actor) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            return badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return badRequest("send a JSON object: {\"stage\": 1-12, \"force\": [stages], \"reason\": \"...\"}");
        }
        List<String> problems = new ArrayList<>();
        JsonNode stageNode = node.get("stage");
        Integer stage = stageNode != null && stageNode.isIntegralNumber() ? stageNode.asInt() : null;
        if (stageNode != null && !stageNode.isNull() && stage == null) {
            problems.add("stage must be a whole number, was " + stageNode);
        }
        List<Integer> force = new ArrayList<>();
        JsonNode forceNode = node.get("force");
        if (forceNode != null && !forceNode.isNull()) {
            if (!forceNode.isArray()) {
                problems.add("force must be a list of stages, was " + forceNode);
            } else {
                for (JsonNode forced : forceNode) {
                    if (forced.isIntegralNumber()) {
                        force.add(forced.asInt());
                    } else {
                        problems.add("force lists whole numbers, had " + forced);
                    }
                }
            }
        }
        JsonNode reasonNode = node.get("reason");
        if (reasonNode != null && !reasonNode.isNull() && !reasonNode.isString()) {
            problems.add("reason must be a string, was " + reasonNode);
        }
        if (problems.isEmpty()) {
            problems.addAll(StageTarget.problems(stage, force));
            if (reasonNode != null && reasonNode.isString()) {
                Reasons.problem(reasonNode.asString()).ifPresent(problems::add);
            }
        }
        if (!problems.isEmpty()) {
            return badRequest(String.join("; ", problems));
        }
        String reason = reasonNode == null || reasonNode.isNull() ? null : reasonNode.asString();
        try {
            declared.declare(stage, force, reason, actor);
        } catch (DeclaredTarget.TargetNotStoredException e) {
            return unavailable(e);
        }
        return ok();
    }

    Mono<ServerResponse> clear(ServerRequest request) {
        String actor = actor(request);
        Optional<String> badReason =
                Reasons.problem(request.queryParam("reason").orElse(null));
        if (badReason.isPresent()) {
            return badRequest(badReason.get());
        }
        return Mono.fromCallable(
                        () -> declared.clear(actor, request.queryParam("reason").orElse(null)))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(cleared -> ok())
                .onErrorResume(DeclaredTarget.TargetNotStoredException.class, TargetApi::unavailable);
    }

    /**
     * Empty when a manual transition may go on: no target, or {@code ?override=true}, which clears
     * the target first; else the 409 that names the target.
     */
    Optional<Mono<ServerResponse>> refuseManual(ServerRequest request, boolean advance) {
        Optional<StageTarget> target = declared.current();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        boolean override =
                request.queryParam("override").map(Boolean::parseBoolean).orElse(false);
        String action = advance ? "advance" : "rollback";
        if (override) {
            try {
                declared.clear(actor(request), "overridden by a manual " + action);
            } catch (DeclaredTarget.TargetNotStoredException e) {
                return Optional.of(unavailable(e));
            }
            return Optional.empty();
        }
        StageTarget declaredTarget = target.get();
        Map<String, Object> extensions = new HashMap<>();
        extensions.put("target", view());
        return Optional.of(ServerResponse.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(Problems.problem(
                        HttpStatus.CONFLICT,
                        (advance ? "Advance" : "Rollback") + " refused",
                        "stage " + declaredTarget.stage() + " is the declared target (" + declaredTarget.source()
                                + "), which the gateway converges to; a manual " + action
                                + " would fight it: change or clear the target, or send ?override=true"
                                + " to clear it and " + action,
                        extensions)));
    }

    private Mono<ServerResponse> ok() {
        Map<String, Object> body = new HashMap<>();
        body.put("target", view());
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    private static Mono<ServerResponse> unavailable(DeclaredTarget.TargetNotStoredException e) {
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(Problems.problem(
                        HttpStatus.SERVICE_UNAVAILABLE, "Target not stored", e.getMessage(), Map.of()));
    }

    private static Mono<ServerResponse> badRequest(String detail) {
        return ServerResponse.status(HttpStatus.BAD_REQUEST)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(Problems.problem(HttpStatus.BAD_REQUEST, "Bad request", detail, Map.of()));
    }

    private static String actor(ServerRequest request) {
        String actor = request.headers().firstHeader("X-Molt-Actor");
        return actor == null || actor.isBlank() ? "admin" : actor;
    }
}
