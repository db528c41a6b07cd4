package dev.molt.gateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How often the gateway reads its configuration sources again (a mounted config map or file
 * through {@code spring.config.import=optional:configtree:...}, the environment), so that a declared
 * target changed there takes effect without a restart.
 *
 * @param interval time between two reads; zero turns the periodic read off
 */
@Validated
@ConfigurationProperties("molt.gateway.refresh")
public record RefreshProperties(@NotNull Duration interval) {}
