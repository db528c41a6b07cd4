package dev.molt.gateway.fence;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Budget of the fenced command switch.
 *
 * @param holdTimeout longest time commands may be held: in-flight commands finishing plus the replicator's drain; beyond it the switch aborts
 */
@Validated
@ConfigurationProperties("molt.gateway.fence")
public record FenceProperties(@NotNull Duration holdTimeout) {}
