package dev.molt.gateway.fastpath;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether the fast path serves the HTTP/1.1 requests of the routed groups. Off, every request takes
 * Spring Cloud Gateway's stage routes, which apply the same rules; the switch exists so that both
 * paths can be tested and compared, and as a way back should the fast path misbehave.
 *
 * @param enabled true to put the fast path on the public server; false leaves every request to the stage routes
 */
@ConfigurationProperties("molt.gateway.fast-path")
public record FastPathProperties(boolean enabled) {

    /** The property that switches the fast path; its default (true) is in {@code application.yml}. */
    static final String ENABLED = "molt.gateway.fast-path.enabled";
}
