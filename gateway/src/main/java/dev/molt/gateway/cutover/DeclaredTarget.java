package dev.molt.gateway.cutover;

import jakarta.annotation.PreDestroy;
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
 * <p>
 * With a state database shared by the replicas the target in force is the fleet's
 * ({@link SharedTarget}): a {@code PUT} or {@code DELETE} through any replica holds for all, and a
 * configuration's target is recorded there only when it differs from the last configuration's
 * (at a first start with it, or a refresh that changed it), so a restart with an unchanged
 * configuration leaves a later {@code PUT} in force.
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
    private final SharedTarget shared;
    private volatile boolean sharedFailing;
    /** A configuration change the state database could not record: tried again at the next check. */
    private volatile boolean recordPending;

    DeclaredTarget(
            TargetProperties properties,
            Environment environment,
            Validator validator,
            CutoverStore store,
            StateStoreProperties stateStore) {
        this.environment = environment;
        this.validator = validator;
        this.store = store;
        this.settings = properties;
        this.shared = stateStore != null && stateStore.shared() ? new SharedTarget(stateStore) : null;
        StageTarget configured = fromConfiguration(properties);
        if (shared == null) {
            this.current = configured;
            if (current != null) {
                log.info("Target declared in the configuration: stage {}, force {}", current.stage(), current.force());
            }
            return;
        }
        this.current = shared.read().target();
        if (configured != null) {
            recordConfiguration(configured);
        }
    }

    /** The target in force: with a state database, the fleet's as stored there (the last one read if it cannot be). */
    public Optional<StageTarget> current() {
        if (recordPending) {
            recordPending = false;
            rebind();
        }
        if (shared != null) {
            try {
                current = shared.read().target();
                sharedFailing = false;
            } catch (SharedStage.StateStoreUnavailableException e) {
                if (!sharedFailing) {
                    log.warn("Cannot read the fleet's target; the one read last stays: {}", e.getMessage());
                    sharedFailing = true;
                }
            }
        }
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
        StageTarget target = new StageTarget(stage, forceList(force), reason, "admin api (" + actor + ")", now());
        if (shared != null) {
            try {
                shared.declare(target);
            } catch (SharedStage.StateStoreUnavailableException e) {
                throw new TargetNotStoredException(e);
            }
        }
        current = target;
        remark(actor, "target " + stage + " declared" + forceText(current) + reasonText(reason));
        log.info("Target declared by {}: stage {}, force {}", actor, stage, current.force());
        return current;
    }

    /** Clears the target, if any, and says why in the history; true when there was one. */
    public synchronized boolean clear(String actor, String why) {
        StageTarget cleared = current().orElse(null);
        try {
            if (cleared == null || (shared != null && !shared.clear())) {
                return false;
            }
        } catch (SharedStage.StateStoreUnavailableException e) {
            throw new TargetNotStoredException(e);
        }
        current = null;
        remark(actor, "target " + cleared.stage() + " cleared" + reasonText(why));
        log.info("Target {} cleared by {}{}", cleared.stage(), actor, reasonText(why));
        return true;
    }

    @PreDestroy
    void close() {
        if (shared != null) {
            shared.close();
        }
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
        if (shared != null) {
            try {
                recordConfiguration(declared);
            } catch (SharedStage.StateStoreUnavailableException e) {
                refuse("the state database could not record it, tried again at the next check: " + e.getMessage());
                settings = before;
                recordPending = true;
            }
            return;
        }
        adoptConfigured(declared, "");
    }

    /**
     * Records the configuration's {@code declared} target (null: none) as the fleet's unless the
     * stored fingerprint says the last configuration declared the same: then a later {@code PUT} stays.
     */
    private void recordConfiguration(StageTarget declared) {
        String fingerprint = SharedTarget.fingerprint(declared);
        SharedTarget.Stored stored = shared.read();
        if (fingerprint.equals(stored.configurationFingerprint())) {
            current = stored.target();
            log.info(
                    "The configuration declares the target recorded for the fleet already; the fleet's target stays {}",
                    current == null ? "none" : "stage " + current.stage() + " (" + current.source() + ")");
            return;
        }
        if (!shared.recordConfiguration(declared, stored.configurationFingerprint())) {
            current = shared.read().target();
            return;
        }
        adoptConfigured(declared, ", for the fleet");
    }

    /** Puts the configuration's {@code declared} target (null: none) in force, in the history and the log. */
    private void adoptConfigured(StageTarget declared, String scope) {
        current = declared;
        if (declared == null) {
            remark(CONFIGURATION, "target cleared in the configuration");
            log.info("Target cleared in the configuration{}", scope);
        } else {
            remark(
                    CONFIGURATION,
                    "target " + declared.stage() + " declared" + forceText(declared) + reasonText(declared.reason()));
            log.info(
                    "Target declared in the configuration{}: stage {}, force {}",
                    scope,
                    declared.stage(),
                    declared.force());
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
                properties.stage(), forceList(properties.force()), properties.reason(), CONFIGURATION, now());
    }

    /** Now, to the millisecond a state database keeps, so that a target read back equals the one declared. */
    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
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

    /** The state database shared by the replicas could not store a declaration or clearing: nothing changed. */
    public static final class TargetNotStoredException extends RuntimeException {
        TargetNotStoredException(RuntimeException cause) {
            super(
                    "the state database shared by the replicas could not store the target, nothing changed: "
                            + cause.getMessage(),
                    cause);
        }
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
