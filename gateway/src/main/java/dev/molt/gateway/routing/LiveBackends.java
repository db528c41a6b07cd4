package dev.molt.gateway.routing;

import jakarta.validation.Validator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The backend URLs in force. They start as {@link RoutingProperties#backends()} and follow the
 * configuration at run time (a new-query moved to another host): after each Spring Cloud refresh
 * the backends are bound again and checked first; a URL that is not an absolute http(s) URL with a
 * host, or a backend name that is none of the four services, is refused in the log and the status,
 * and the backends in force stay. A request keeps the backend it was routed to; the next one
 * goes to the new URL.
 */
@Component
public class LiveBackends {

    private static final Logger log = LoggerFactory.getLogger(LiveBackends.class);
    static final String PREFIX = "molt.gateway.routing.backends";
    private static final Set<String> NAMES = Set.of("oldquery", "oldcommand", "newquery", "newcommand");

    private final Environment environment;
    private final Validator validator;
    private final List<Consumer<RoutingProperties.Backends>> listeners = new CopyOnWriteArrayList<>();
    private volatile RoutingProperties.Backends current;
    private volatile String configurationError;

    public LiveBackends(RoutingProperties properties, Environment environment, Validator validator) {
        this.environment = environment;
        this.validator = validator;
        this.current = properties.backends();
    }

    public RoutingProperties.Backends current() {
        return current;
    }

    /** The NEW query service in force. */
    public URI newQuery() {
        return current.newQuery();
    }

    /** The NEW command service in force. */
    public URI newCommand() {
        return current.newCommand();
    }

    /** Why the last change of the backends was refused; null when the latest configuration is in force. */
    public String configurationError() {
        return configurationError;
    }

    /** Calls {@code listener} with the new backends after each accepted change. */
    public void onChange(Consumer<RoutingProperties.Backends> listener) {
        listeners.add(listener);
    }

    @EventListener
    void onEnvironmentChange(EnvironmentChangeEvent event) {
        rebind();
    }

    synchronized void rebind() {
        RoutingProperties.Backends bound;
        List<String> problems = new ArrayList<>();
        try {
            Binder binder = Binder.get(environment);
            Map<String, Object> named = binder.bind(PREFIX, Bindable.mapOf(String.class, Object.class))
                    .orElse(Map.of());
            for (String name : named.keySet()) {
                if (!NAMES.contains(
                        name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""))) {
                    problems.add("unknown backend '" + name + "'; the backends are old-query, old-command,"
                            + " new-query and new-command");
                }
            }
            bound = binder.bind(PREFIX, RoutingProperties.Backends.class).orElse(null);
        } catch (RuntimeException e) {
            refuse(List.of(rootMessage(e)));
            return;
        }
        if (bound == null) {
            refuse(List.of("no backends under " + PREFIX));
            return;
        }
        validator.validate(bound).forEach(v -> problems.add(v.getPropertyPath() + " " + v.getMessage()));
        check("old-query", bound.oldQuery(), problems);
        check("old-command", bound.oldCommand(), problems);
        check("new-query", bound.newQuery(), problems);
        check("new-command", bound.newCommand(), problems);
        if (!problems.isEmpty()) {
            refuse(problems);
            return;
        }
        if (configurationError != null) {
            log.info("The backends in the configuration are valid again");
            configurationError = null;
        }
        if (bound.equals(current)) {
            return;
        }
        RoutingProperties.Backends before = current;
        current = bound;
        log.info("Backends changed from {} to {}", before, bound);
        listeners.forEach(listener -> listener.accept(bound));
    }

    private static void check(String name, URI uri, List<String> problems) {
        if (uri == null) {
            return;
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute()
                || uri.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            problems.add(name + " must be an absolute http(s) URL with a host, was '" + uri + "'");
        }
    }

    private void refuse(List<String> problems) {
        String message = "the backends in the configuration (" + PREFIX + ".*) are refused, those in force stay: "
                + String.join("; ", problems);
        if (!message.equals(configurationError)) {
            log.error(message);
        }
        configurationError = message;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return e == root ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
    }
}
