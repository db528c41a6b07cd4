package dev.molt.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.RunningGateway;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * Bad configuration stops start-up naming the property. One test boots the real gateway to prove a
 * binding failure stops it; the others bind the gateway's own property records with its
 * {@code application.yml} in a bare context, which fails the same way in milliseconds.
 */
class ConfigurationValidationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    /** Every {@code @ConfigurationProperties} record of the gateway, bound and validated as at start-up. */
    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan("dev.molt.gateway")
    static class GatewayProperties {}

    /** A bare context binding the gateway's properties: the test defaults, then {@code extra}. */
    private static ApplicationContextRunner binding(Map<String, ?> extra) {
        String[] pairs = fixture.properties(0, extra).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withUserConfiguration(GatewayProperties.class)
                .withPropertyValues(pairs);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> startUpFailureWith(Map<String, ?> extra) {
        Throwable[] failure = new Throwable[1];
        binding(extra).run(context -> failure[0] = context.getStartupFailure());
        assertThat(failure[0]).as("start-up failure").isNotNull();
        return assertThat(failure[0]).rootCause();
    }

    @Test
    void theTestDefaultsBindInTheBareContext() {
        binding(Map.of()).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void badConfigurationStopsStartUpNamingTheProperty() {
        Map<String, Object> properties =
                fixture.properties(0, Map.of("molt.gateway.routing.groups.old-api-query.prefix", "squids/**"));

        assertThatThrownBy(() -> RunningGateway.start(properties))
                .rootCause()
                .hasMessageContaining("molt.gateway.routing")
                .hasMessageContaining("groups.oldApiQuery.prefix");
    }

    @Test
    void aPrefixThatIsNoLiteralPathFailsBindingNamingTheProperty() {
        startUpFailureWith(Map.of("molt.gateway.routing.groups.old-api-query.prefix", "squids/**"))
                .hasMessageContaining("molt.gateway.routing")
                .hasMessageContaining("groups.oldApiQuery.prefix");
    }

    @Test
    void sunsetLessThanADayAfterTheNewApiIsRoutedStopsStartUp() {
        startUpFailureWith(Map.of("molt.gateway.routing.sunset-after", "1h"))
                .hasMessageContaining("molt.gateway.routing")
                .hasMessageContaining("sunsetAfter");
    }

    @Test
    void aWriteFenceWithoutTheApplicationAccountsStopsStartUp() {
        startUpFailureWith(Map.of("molt.gateway.fence.write-fence.enabled", "true"))
                .hasMessageContaining("molt.gateway.fence.write-fence")
                .hasMessageContaining("old-writer.user and new-writer.user");
    }

    @Test
    void aWriteFenceAccountThatIsNoPlainNameStopsStartUp() {
        startUpFailureWith(Map.of("molt.gateway.fence.write-fence.old-writer.user", "app'; DROP USER x; --"))
                .hasMessageContaining("molt.gateway.fence.write-fence")
                .hasMessageContaining("oldWriter.user");
    }

    @Test
    void noConnectionLimitStopsStartUpNamingTheProperty() {
        startUpFailureWith(Map.of("molt.gateway.server.max-connections", 0))
                .hasMessageContaining("molt.gateway.server")
                .hasMessageContaining("maxConnections");
    }

    @Test
    void aReplicaLeaseNoLongerThanThePollIntervalStopsStartUp() {
        startUpFailureWith(Map.of("molt.gateway.state.lease", "100ms", "molt.gateway.state.poll-interval", "250ms"))
                .hasMessageContaining("molt.gateway.state")
                .hasMessageContaining("lease must be longer than poll-interval");
    }

    @Test
    void aReconcilerWithoutAttemptsStopsStartUpNamingTheProperty() {
        startUpFailureWith(Map.of("molt.gateway.reconcile.attempts", 0))
                .hasMessageContaining("molt.gateway.reconcile")
                .hasMessageContaining("attempts");
    }
}
