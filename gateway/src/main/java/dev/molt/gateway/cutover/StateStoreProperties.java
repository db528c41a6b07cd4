package dev.molt.gateway.cutover;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The database that several gateway replicas share the cutover through (stage, epoch, history and
 * guard clocks, in tables named {@code molt_gateway_*} that the gateway creates where absent). When
 * {@code url} is empty the gateway runs alone on its state file, as before; when it is set the
 * database is the truth and the state file only a cache that it overrules.
 *
 * @param url JDBC URL of the state database (for example the NEW database); empty keeps the stage in the state file only
 * @param username user name; it needs CREATE, SELECT, INSERT and UPDATE on the {@code molt_gateway_*} tables
 * @param password password
 * @param pollInterval how often a replica reads the stage's epoch to notice another replica's transition
 * @param lockTtl how long the lock that serializes transitions across replicas outlives a replica that died holding it
 * @param lease how long a replica that cannot reach the state database keeps letting commands through
 * @param replicaId this replica's name among the replicas; empty: host name and admin port
 * @param adminUrl the admin API URL other replicas reach this one at; empty: http://admin-address:admin-port
 */
@Validated
@ConfigurationProperties("molt.gateway.state")
public record StateStoreProperties(
        String url,
        String username,
        String password,
        @NotNull Duration pollInterval,
        @NotNull Duration lockTtl,
        @NotNull Duration lease,
        String replicaId,
        String adminUrl) {

    @AssertTrue(message = "lease must be longer than poll-interval: a replica renews its lease at every poll")
    boolean isLeaseLongerThanPoll() {
        return lease == null || pollInterval == null || lease.compareTo(pollInterval) > 0;
    }

    boolean shared() {
        return url != null && !url.isBlank();
    }
}
