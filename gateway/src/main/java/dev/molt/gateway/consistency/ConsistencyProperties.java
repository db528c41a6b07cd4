package dev.molt.gateway.consistency;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How clients are told apart and how long a read may wait for replication.
 *
 * @param clientIdHeader header naming the client; first choice for identifying it
 * @param apiKeyHeader header carrying an API key; second choice (only a hash of it is kept)
 * @param maxHold how long a read after a write may wait for replication before it is sent to OLD; zero sends it to OLD at once
 * @param pollInterval how often the replicator's progress is polled while some read waits
 * @param forgetAfter how long a client's last write is remembered at most, and how long a consistency token counts
 * @param tokenKey the key every replica signs consistency tokens with (HMAC-SHA256); empty: {@code tokenKeyFile}
 * @param tokenKeyFile a file holding that key; both empty: the key in the state database (made there once), else a random key of this process alone
 */
@Validated
@ConfigurationProperties("molt.gateway.consistency")
public record ConsistencyProperties(
        @NotBlank String clientIdHeader,
        @NotBlank String apiKeyHeader,
        @NotNull Duration maxHold,
        @NotNull Duration pollInterval,
        @NotNull Duration forgetAfter,
        String tokenKey,
        String tokenKeyFile) {}
