package dev.molt.replicator.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/**
 * The SMT jar a Kafka Connect worker loads ({@code target/replicator-*-smt.jar}, built in
 * {@code package}), configured from the connector in {@code deploy/kafka-connect}, transforms
 * change events exactly as the embedded engine's transforms do on the Kafka transport: same
 * topic, partition, key and value. Its classes are loaded from the jar alone, so a class missing
 * from it fails this test.
 */
class SmtJarIntegrationTests {

    private static final Schema ROW = SchemaBuilder.struct()
            .name("forward.shop_old.squid.Value")
            .optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("price", Schema.INT32_SCHEMA)
            .field("stock", Schema.INT32_SCHEMA)
            .field("origin", Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                    "updated_at",
                    SchemaBuilder.int64()
                            .name("io.debezium.time.MicroTimestamp")
                            .build())
            .field("version", Schema.INT64_SCHEMA)
            .build();
    private static final Schema BEAT = SchemaBuilder.struct()
            .name("forward.shop_old.molt_heartbeat.Value")
            .optional()
            .field("pipeline", Schema.STRING_SCHEMA)
            .field("slot", Schema.INT32_SCHEMA)
            .field("seq", Schema.INT64_SCHEMA)
            .field("written_at", Schema.INT64_SCHEMA)
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct()
            .name("io.debezium.connector.mysql.Source")
            .field("db", Schema.STRING_SCHEMA)
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    @Test
    void theSmtJarTransformsAsTheEmbeddedEngineDoes() throws Exception {
        try (URLClassLoader jar =
                new JarFirst(smtJar().toUri().toURL(), getClass().getClassLoader())) {
            List<Transformation<SourceRecord>> connect = chain(KafkaConnectConfigTests.connectorConfig(), jar);
            List<Transformation<SourceRecord>> embedded = chain(
                    EngineSettings.transforms("forward", KafkaConnectConfigTests.forwardOnKafka()),
                    getClass().getClassLoader());
            assertThat(connect)
                    .allSatisfy(t -> assertThat(t.getClass().getClassLoader()).isSameAs(jar));

            for (SourceRecord event : List.of(
                    change("c", null, squid(7, 12_000, 1)),
                    change("u", squid(7, 12_000, 1), squid(7, 12_500, 2)),
                    change("d", squid(7, 12_500, 2), null),
                    beat(3))) {
                SourceRecord viaConnect = apply(connect, event);
                SourceRecord viaEmbedded = apply(embedded, event);
                assertThat(viaConnect.topic()).isEqualTo(viaEmbedded.topic()).isEqualTo("molt.forward.changes");
                assertThat(viaConnect.kafkaPartition()).isEqualTo(viaEmbedded.kafkaPartition());
                assertThat(viaConnect.key()).isEqualTo(viaEmbedded.key());
                assertThat(viaConnect.value()).isEqualTo(viaEmbedded.value());
            }
            assertThat(apply(connect, beat(3)).kafkaPartition())
                    .as("a beat's partition is its slot")
                    .isEqualTo(3);
        }
    }

    private static Path smtJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "replicator-*-smt.jar")) {
            return jars.iterator().next();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Transformation<SourceRecord>> chain(Map<String, String> settings, ClassLoader loader)
            throws ReflectiveOperationException {
        List<Transformation<SourceRecord>> chain = new ArrayList<>();
        for (String name : settings.get("transforms").split(",")) {
            String prefix = "transforms." + name + ".";
            Map<String, String> config = new HashMap<>();
            settings.forEach((key, value) -> {
                if (key.startsWith(prefix) && !key.equals(prefix + "type")) {
                    config.put(key.substring(prefix.length()), value);
                }
            });
            Transformation<SourceRecord> transform =
                    (Transformation<SourceRecord>) loader.loadClass(settings.get(prefix + "type"))
                            .getConstructor()
                            .newInstance();
            transform.configure(config);
            chain.add(transform);
        }
        return chain;
    }

    private static SourceRecord apply(List<Transformation<SourceRecord>> chain, SourceRecord record) {
        SourceRecord result = record;
        for (Transformation<SourceRecord> transform : chain) {
            result = transform.apply(result);
        }
        return result;
    }

    private static Struct squid(long id, int price, long version) {
        return new Struct(ROW)
                .put("id", id)
                .put("name", "Humboldt")
                .put("price", price)
                .put("stock", 3)
                .put("origin", "Pacific")
                .put("updated_at", 1_764_000_000_000_000L)
                .put("version", version);
    }

    private static SourceRecord change(String op, Struct before, Struct after) {
        Schema envelope = envelope(ROW);
        Struct value = new Struct(envelope)
                .put("op", op)
                .put("before", before)
                .put("after", after)
                .put("source", new Struct(SOURCE).put("db", "shop_old").put("table", "squid"))
                .put("ts_ms", 1_764_000_000_000L);
        Schema keySchema =
                SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        Struct key = new Struct(keySchema).put("id", (before != null ? before : after).getInt64("id"));
        return new SourceRecord(Map.of(), Map.of(), "forward.shop_old.squid", null, keySchema, key, envelope, value);
    }

    private static SourceRecord beat(int slot) {
        Schema envelope = envelope(BEAT);
        Struct after = new Struct(BEAT)
                .put("pipeline", "forward")
                .put("slot", slot)
                .put("seq", 42L)
                .put("written_at", 1_764_000_000_000L);
        Struct value = new Struct(envelope)
                .put("op", "u")
                .put("before", null)
                .put("after", after)
                .put("source", new Struct(SOURCE).put("db", "shop_old").put("table", "molt_heartbeat"))
                .put("ts_ms", 1_764_000_000_000L);
        return new SourceRecord(
                Map.of(), Map.of(), "forward.shop_old.molt_heartbeat", null, null, "forward", envelope, value);
    }

    private static Schema envelope(Schema row) {
        return SchemaBuilder.struct()
                .field("before", row)
                .field("after", row)
                .field("source", SOURCE)
                .field("op", Schema.STRING_SCHEMA)
                .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
                .build();
    }

    /** Loads Molt's classes from the jar only, everything else (Kafka's API) from the parent. */
    private static final class JarFirst extends URLClassLoader {

        JarFirst(URL jar, ClassLoader parent) {
            super(new URL[] {jar}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.molt.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    loaded = findClass(name);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }
    }
}
