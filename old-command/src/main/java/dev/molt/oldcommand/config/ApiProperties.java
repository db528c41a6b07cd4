package dev.molt.oldcommand.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the public API accepts.
 *
 * @param maxBodySize the largest request body taken, at most 16MB since a body of unknown length
 *     is held in memory up to it; a larger body is refused with 413 unread
 */
@Validated
@ConfigurationProperties("molt.api")
public record ApiProperties(@NotNull DataSize maxBodySize) {

    private static final DataSize LARGEST_BODY = DataSize.ofMegabytes(16);

    public ApiProperties {
        if (maxBodySize != null && maxBodySize.toBytes() < 1) {
            throw new IllegalArgumentException("molt.api.max-body-size must be at least 1 byte, was " + maxBodySize);
        }
        if (maxBodySize != null && maxBodySize.compareTo(LARGEST_BODY) > 0) {
            throw new IllegalArgumentException("molt.api.max-body-size must be at most " + LARGEST_BODY.toMegabytes()
                    + "MB" + " (a chunked body is held in memory up to it), was " + maxBodySize);
        }
    }
}
