package dev.molt.gateway.clients;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of the per-client usage table, which is keyed by client input and must not grow without
 * limit.
 *
 * @param capacity most clients kept in the table; beyond it the least valuable entry is evicted
 * @param idleExpiry how long a client that makes no call stays in the table
 * @param meteredClients how many clients get a meter tag of their own; later ones are counted under {@code client="other"}
 */
@Validated
@ConfigurationProperties("molt.gateway.clients")
public record ClientsProperties(
        @Min(1) int capacity,
        @NotNull Duration idleExpiry,
        @Min(0) int meteredClients) {}
