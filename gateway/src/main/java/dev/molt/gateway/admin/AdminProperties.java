package dev.molt.gateway.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The admin port.
 *
 * @param port TCP port of the admin API (0 picks a free one); never the public port
 * @param address address the admin API binds to
 * @param token bearer token of the admin API, from {@code MOLT_ADMIN_TOKEN}; generated and printed at start when empty
 */
@Validated
@ConfigurationProperties("molt.gateway.admin")
public record AdminProperties(
        @PositiveOrZero @Max(65535) int port, @NotBlank String address, String token) {}
