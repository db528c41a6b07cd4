package dev.molt.gateway.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What a client connection may take of the gateway, on the public, the admin and the management port alike,
 * so that a slow or silent client cannot hold a connection, a command or a fenced switch.
 *
 * @param headTimeout longest time from the first byte of a request head to its end; a head not complete by then is answered 408 and its connection closed
 * @param bodyTimeout longest time from the end of a request head to the end of its body; a body not complete by then is answered 408 (if no answer has started) and its connection closed
 * @param idleTimeout longest time a connection may stay open with no request under way (keep-alive idle); then it is closed
 * @param maxConnections most client connections open at once on each port; a connection beyond it is closed as soon as it is accepted
 * @param maxCommandBody largest body a command may have; a command's body is received in full before it enters the fence, and a larger one is answered 413
 */
@Validated
@ConfigurationProperties("molt.gateway.server")
public record ConnectionProperties(
        @NotNull @DurationMin(millis = 1) Duration headTimeout,
        @NotNull @DurationMin(millis = 1) Duration bodyTimeout,
        @NotNull @DurationMin(millis = 1) Duration idleTimeout,
        @Positive int maxConnections,
        @NotNull DataSize maxCommandBody) {

    /** {@link #maxCommandBody} in bytes. */
    public int maxCommandBodyBytes() {
        return Math.toIntExact(maxCommandBody.toBytes());
    }
}
