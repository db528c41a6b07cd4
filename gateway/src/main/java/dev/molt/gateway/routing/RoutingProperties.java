package dev.molt.gateway.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The route groups, the services behind them and how long the gateway waits for them.
 *
 * @param groups path prefixes of the four route groups
 * @param backends base URLs of the four services
 * @param connectTimeout how long to wait for a TCP connection to a backend before answering 503
 * @param responseTimeout how long to wait for a backend's response before answering 504
 * @param getRetries how often a GET without a body is sent again when its connection failed before any response (refused, or closed by the backend); commands are never retried
 * @param sunsetAfter how long after stage 8 (new API routed) was entered the old API goes away: the {@code Sunset} header of old-API answers is that entry time, taken from the persisted history, plus this duration, as an HTTP-date; at least one day, so the announced date is always in the future when first sent
 */
@Validated
@ConfigurationProperties("molt.gateway.routing")
public record RoutingProperties(
        @NotNull @Valid Groups groups,
        @NotNull @Valid Backends backends,
        @NotNull Duration connectTimeout,
        @NotNull Duration responseTimeout,
        @PositiveOrZero int getRetries,
        @NotNull @DurationMin(days = 1) Duration sunsetAfter) {

    /**
     * Path prefixes of the four route groups.
     *
     * @param oldApiQuery reads of the old API
     * @param oldApiCommand writes of the old API
     * @param newApiQuery reads of the new API
     * @param newApiCommand writes of the new API
     */
    public record Groups(
            @NotNull @Valid Group oldApiQuery,
            @NotNull @Valid Group oldApiCommand,
            @NotNull @Valid Group newApiQuery,
            @NotNull @Valid Group newApiCommand) {

        public Group group(RouteGroup group) {
            return switch (group) {
                case OLD_API_QUERY -> oldApiQuery;
                case OLD_API_COMMAND -> oldApiCommand;
                case NEW_API_QUERY -> newApiQuery;
                case NEW_API_COMMAND -> newApiCommand;
            };
        }

        /** The group whose paths include {@code path}, or null when none does. */
        public RouteGroup groupOf(String path) {
            for (RouteGroup group : RouteGroup.values()) {
                if (group(group).matches(path)) {
                    return group;
                }
            }
            return null;
        }
    }

    /**
     * One route group.
     *
     * @param prefix the path prefix of the group, matched as itself and with any sub-path
     * @param successorPrefix the prefix that replaces this one in the successor path (old-API groups only)
     */
    public record Group(
            @NotBlank
            @Pattern(regexp = "/[^*?{}]*[^/*?{}]", message = "must be a literal path prefix like /query/api/squids")
            String prefix,

            String successorPrefix) {

        /** The successor of a path of this group, or null where none is configured. */
        public String successorOf(String path) {
            if (successorPrefix == null || successorPrefix.isBlank() || !path.startsWith(prefix)) {
                return null;
            }
            return successorPrefix + path.substring(prefix.length());
        }

        /** True when {@code path} is the prefix itself or lies under it. */
        public boolean matches(String path) {
            return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
        }
    }

    /**
     * Base URLs of the four services.
     *
     * @param oldQuery the OLD query service
     * @param oldCommand the OLD command service
     * @param newQuery the NEW query service (new API and old-API alias)
     * @param newCommand the NEW command service (new API and old-API alias)
     */
    public record Backends(
            @NotNull URI oldQuery,
            @NotNull URI oldCommand,
            @NotNull URI newQuery,
            @NotNull URI newCommand) {

        /** The service that serves {@code group} when the group goes to {@code target} (OLD or NEW). */
        public URI of(RouteGroup group, Target target) {
            boolean toNew = target == Target.NEW;
            return group.command() ? (toNew ? newCommand : oldCommand) : (toNew ? newQuery : oldQuery);
        }
    }
}
