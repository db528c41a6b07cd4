package dev.molt.gateway.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The admin port.
 *
 * @param port TCP port of the admin API (0 picks a free one); never the public port
 * @param address address the admin API binds to; loopback unless configured otherwise
 * @param token bearer token of the admin API, from {@code MOLT_ADMIN_TOKEN}; generated at start when empty
 * @param tokenFile where a generated token is written, readable by the owner only (the log names only this path)
 */
@Validated
@ConfigurationProperties("molt.gateway.admin")
public record AdminProperties(
        @PositiveOrZero @Max(65535) int port,
        @NotBlank String address,
        String token,
        @NotNull Path tokenFile) {}
