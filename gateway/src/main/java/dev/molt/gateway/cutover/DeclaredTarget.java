package dev.molt.gateway.cutover;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The target in force, from whichever came last: the configuration ({@link TargetProperties}, bound
 * again after each Spring Cloud environment refresh that changed it) or the admin API. The record
 * bound at start is immutable, so a refresh binds a new one with Spring Boot's binder and validates
 * it first: a bad value is refused, logged and shown, and the last good one stays. Every declaration
 * and clearing is a history line, so the history says why the stage moved.
 */
@Component
public class DeclaredTarget {

    private static final Logger log = LoggerFactory.getLogger(DeclaredTarget.class);
    static final String CONFIGURATION = "configuration";

    private final Environment environment;
    private final Validator validator;
    private final CutoverStore store;
    private volatile TargetProperties settings;
    private volatile StageTarget current;
    private volatile String configurationError;

    DeclaredTarget(TargetProperties properties, Environment environment, Validator validator, CutoverStore store) {
        this.environment = environment;
        this.validator = validator;
        this.store = store;
        this.settings = properties;
        this.current = fromConfiguration(properties);
        if (current != null) {
            log.info("Target declared in the configuration: stage {}, force {}", current.stage(), current.force());
        }
    }

    public Optional<StageTarget> current() {
        return Optional.ofNullable(current);
    }

    /** Dwell, check interval and back-off as last bound. */
    TargetProperties settings() {
        return settings;
    }

    /** Why the last configuration change was refused; null when the configuration in force is the latest. */
    public String configurationError() {
        return configurationError;
    }

    /** Declares a target through the admin API; it wins until the configuration's target changes. */
    public synchronized StageTarget declare(int stage, List<Integer> force, String reason, String actor) {
        List<String> problems = StageTarget.problems(stage, force);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        current = new StageTarget(stage, forceList(force), reason, "admin api (" + actor + ")", Instant.now());
        remark(actor, "target " + stage + " declared" + forceText(current) + reasonText(reason));
        log.info("Target declared by {}: stage {}, force {}", actor, stage, current.force());
        return current;
    }

    /** Clears the target, if any, and says why in the history; true when there was one. */
    public synchronized boolean clear(String actor, String why) {
        StageTarget cleared = current;
        if (cleared == null) {
            return false;
        }
        current = null;
        remark(actor, "target " + cleared.stage() + " cleared" + reasonText(why));
        log.info("Target {} cleared by {}{}", cleared.stage(), actor, reasonText(why));
        return true;
    }

    @EventListener
    void onEnvironmentChange(EnvironmentChangeEvent event) {
        rebind();
    }

    /** Binds the configuration again; a target that changed there replaces the one in force. */
    synchronized void rebind() {
        TargetProperties bound;
        try {
            bound = Binder.get(environment)
                    .bind(TargetProperties.PREFIX, TargetProperties.class)
                    .orElseThrow(() -> new IllegalStateException("nothing bound under " + TargetProperties.PREFIX));
        } catch (RuntimeException e) {
            refuse(rootMessage(e));
            return;
        }
        List<String> violations = validator.validate(bound).stream()
                .map(DeclaredTarget::describe)
                .sorted()
                .toList();
        if (!violations.isEmpty()) {
            refuse(String.join("; ", violations));
            return;
        }
        if (configurationError != null) {
            log.info("The configuration of the target is valid again");
        }
        configurationError = null;
        TargetProperties before = settings;
        settings = bound;
        StageTarget declared = fromConfiguration(bound);
        StageTarget previous = fromConfiguration(before);
        boolean changed = declared == null ? previous != null : !declared.sameAs(previous);
        if (!changed) {
            return;
        }
        current = declared;
        if (declared == null) {
            remark(CONFIGURATION, "target cleared in the configuration");
            log.info("Target cleared in the configuration");
        } else {
            remark(
                    CONFIGURATION,
                    "target " + declared.stage() + " declared" + forceText(declared) + reasonText(declared.reason()));
            log.info("Target declared in the configuration: stage {}, force {}", declared.stage(), declared.force());
        }
    }

    private void refuse(String problem) {
        String message = "the configuration of the target (" + TargetProperties.PREFIX
                + ".*) is refused, the one in force stays: " + problem;
        if (!message.equals(configurationError)) {
            log.error(message);
        }
        configurationError = message;
    }

    private void remark(String actor, String what) {
        int stage = store.state().stage();
        try {
            store.append(new HistoryEntry(
                    Instant.now(),
                    actor,
                    "target",
                    stage,
                    stage,
                    HistoryEntry.Outcome.DONE,
                    false,
                    null,
                    what,
                    List.of()));
        } catch (SharedStage.StateStoreUnavailableException e) {
            log.warn("Could not store the history line '{}': {}", what, e.getMessage());
        }
    }

    private static StageTarget fromConfiguration(TargetProperties properties) {
        if (properties == null || properties.stage() == null) {
            return null;
        }
        return new StageTarget(
                properties.stage(), forceList(properties.force()), properties.reason(), CONFIGURATION, Instant.now());
    }

    private static List<Integer> forceList(List<Integer> force) {
        return force == null ? List.of() : force;
    }

    private static String forceText(StageTarget target) {
        return target.force().isEmpty()
                ? ""
                : ", forcing " + target.force().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String reasonText(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    private static String describe(ConstraintViolation<?> violation) {
        return TargetProperties.PREFIX + "." + violation.getPropertyPath() + " " + violation.getMessage() + " (was "
                + violation.getInvalidValue() + ")";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return e == root ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
    }
}
