package dev.molt.gateway.replication;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where the replicator is and how its pipelines are named.
 *
 * @param baseUrl base URL of the replicator's status and control API
 * @param requestTimeout time-out of one status or control call (drain and verification bring their own)
 * @param verificationTimeout time-out of a verification call, which compares every row
 * @param forwardPipeline name of the OLD -> NEW pipeline
 * @param reversePipeline name of the NEW -> OLD pipeline
 * @param token bearer token the replicator's API requires (the stack's admin token); blank sends none
 */
@Validated
@ConfigurationProperties("molt.gateway.replicator")
public record ReplicatorProperties(
        @NotNull URI baseUrl,
        @NotNull Duration requestTimeout,
        @NotNull Duration verificationTimeout,
        @NotBlank String forwardPipeline,
        @NotBlank String reversePipeline,
        String token) {

    boolean hasToken() {
        return token != null && !token.isBlank();
    }
}
