package dev.molt.replicator.pipeline;

import dev.molt.replicator.config.ReplicatorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the configured pipelines into the application. */
@Configuration(proxyBeanMethods = false)
class ReplicatorConfiguration {

    @Bean
    ReplicationPipelines replicationPipelines(ReplicatorProperties properties, MeterRegistry meters) {
        return new ReplicationPipelines(properties, meters);
    }
}
