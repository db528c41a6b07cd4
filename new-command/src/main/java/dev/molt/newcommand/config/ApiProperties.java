package dev.molt.newcommand.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the public API accepts.
 *
 * @param maxBodySize the largest request body taken; a larger one is refused with 413 unread
 * @param aliasEnabled whether the old squid API is served at start-up (it can be switched at run time)
 */
@Validated
@ConfigurationProperties("molt.api")
public record ApiProperties(@NotNull DataSize maxBodySize, boolean aliasEnabled) {

    public ApiProperties {
        if (maxBodySize != null && maxBodySize.toBytes() < 1) {
            throw new IllegalArgumentException("molt.api.max-body-size must be at least 1 byte, was " + maxBodySize);
        }
    }
}
