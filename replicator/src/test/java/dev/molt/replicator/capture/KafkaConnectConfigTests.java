package dev.molt.replicator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.replicator.transport.ChangeLogFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The connector in {@code deploy/kafka-connect} against the replicator's own configuration: a
 * Kafka Connect worker running it must produce what the embedded capture produces on the Kafka
 * transport, so the transforms and converters must be exactly the embedded engine's.
 */
class KafkaConnectConfigTests {

    static final Path CONNECTOR = Path.of("..", "deploy", "kafka-connect", "molt-forward-capture.json");

    static Map<String, String> connectorConfig() throws IOException {
        JsonNode config = new ObjectMapper().readTree(CONNECTOR.toFile()).get("config");
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : config.propertyNames()) {
            settings.put(key, config.get(key).stringValue());
        }
        return settings;
    }

    /** The forward pipeline as the replicator binds it from its application.yml on the Kafka transport. */
    static ReplicatorProperties.Pipeline forwardOnKafka() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("kafka", Map.of("molt.transport", "kafka")));
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(sources::addLast);
        Binder binder = new Binder(
                ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
        return binder.bindOrCreate("molt.replicator", ReplicatorProperties.class)
                .pipelines()
                .get("forward");
    }

    static Map<String, String> transformsOf(Map<String, String> settings) {
        Map<String, String> transforms = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("transforms")) {
                transforms.put(key, value);
            }
        });
        return transforms;
    }

    @Test
    void theConnectorsTransformsAreTheEmbeddedEnginesOnTheKafkaTransport() throws IOException {
        ReplicatorProperties.Pipeline forward = forwardOnKafka();
        assertThat(forward.viaKafka()).isTrue();

        assertThat(transformsOf(connectorConfig())).isEqualTo(EngineSettings.transforms("forward", forward));
    }

    @Test
    void theConnectorWritesTheFormatTheEmbeddedCaptureWrites() throws IOException {
        Map<String, String> connector = connectorConfig();
        ReplicatorProperties.Pipeline forward = forwardOnKafka();
        for (String side : List.of("key", "value")) {
            assertThat(connector).containsEntry(side + ".converter", "org.apache.kafka.connect.json.JsonConverter");
            ChangeLogFormat.converter(forward.kafka().format())
                    .forEach((key, value) -> assertThat(connector).containsEntry(side + ".converter." + key, value));
        }
    }

    @Test
    void theConnectorCapturesTheMappedTableAndTheHeartbeatAndNoDeleteTombstones() throws IOException {
        Map<String, String> connector = connectorConfig();
        ReplicatorProperties.Pipeline forward = forwardOnKafka();
        String database = connector.get("database.include.list");
        assertThat(connector.get("table.include.list").split(","))
                .containsExactlyInAnyOrder(
                        database + "." + forward.mapping().get("source.table"), database + "." + Heartbeat.TABLE);
        // A delete's tombstone record has no value: no transform could route it to the change log.
        assertThat(connector).containsEntry("tombstones.on.delete", "false");
        assertThat(connector).containsEntry("include.schema.changes", "false");
        assertThat(Long.parseLong(connector.get("database.server.id"))).isNotEqualTo(forward.serverId());
    }
}
