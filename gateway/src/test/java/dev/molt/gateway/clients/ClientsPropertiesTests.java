package dev.molt.gateway.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class ClientsPropertiesTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(WithClientsProperties.class)
            .withPropertyValues("molt.gateway.clients.idle-expiry=24h", "molt.gateway.clients.metered-clients=100");

    @Test
    void aCapacityBelowOneStopsStartUpNamingTheProperty() {
        context.withPropertyValues("molt.gateway.clients.capacity=0")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("molt.gateway.clients.capacity"));
    }

    @Test
    void validLimitsBind() {
        context.withPropertyValues("molt.gateway.clients.capacity=10000")
                .run(started -> assertThat(started.getBean(ClientsProperties.class))
                        .isEqualTo(new ClientsProperties(10_000, Duration.ofHours(24), 100)));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ClientsProperties.class)
    static class WithClientsProperties {}
}
