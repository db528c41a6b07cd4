package dev.molt.replicator.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.molt.replicator.ReplicatorApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

class ConfigurationValidationTests {

    @Test
    void badConfigurationStopsStartUpWithAMessageNamingTheProperty() {
        SpringApplication application = new SpringApplication(ReplicatorApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run(
                        "--molt.old.url=postgres://nowhere", "--molt.replicator.pipelines.forward.batch-size=0"))
                .hasStackTraceContaining("molt.replicator.pipelines[forward].source.url")
                .hasStackTraceContaining("molt.replicator.pipelines[forward].batchSize");
    }

    @Test
    void anUnknownChangeLogFormatStopsStartUpNamingTheProperty() {
        SpringApplication application = new SpringApplication(ReplicatorApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        assertThatThrownBy(() -> application.run("--molt.replicator.pipelines.forward.kafka.format=avro"))
                .hasStackTraceContaining("molt.replicator.pipelines.forward.kafka.format")
                .hasStackTraceContaining("avro");
    }
}
