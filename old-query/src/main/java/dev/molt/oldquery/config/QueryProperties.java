package dev.molt.oldquery.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the read API allows.
 *
 * @param defaultPageSize the page size when a request names none
 * @param maxPageSize the largest page size a request may ask for
 * @param requireReadOnlyUser refuse to start when the database user may write
 */
@Validated
@ConfigurationProperties("molt.query")
public record QueryProperties(
        @Min(1) @Max(1000) int defaultPageSize,
        @Min(1) @Max(1000) int maxPageSize,
        boolean requireReadOnlyUser) {

    public QueryProperties {
        if (defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("molt.query.default-page-size (" + defaultPageSize
                    + ") must not exceed molt.query.max-page-size (" + maxPageSize + ")");
        }
    }
}
