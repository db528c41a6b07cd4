package dev.molt.replicator.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Access to the control and status API.
 *
 * @param token bearer token every {@code /replication} call must carry, the stack's admin token
 *     ({@code MOLT_ADMIN_TOKEN}); when blank the API refuses every call, it never opens
 */
@ConfigurationProperties("molt.api")
public record ApiProperties(String token) {

    /** Whether a token is configured; without one the API stays closed. */
    public boolean hasToken() {
        return token != null && !token.isBlank();
    }
}
