package dev.molt.replicator.support;

import java.util.Map;
import kafka.server.BrokerServer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka cluster (KRaft, combined broker and controller) in the test JVM, which
 * replicators in other processes reach over loopback. Restarting it keeps its port and its logs.
 * The test classes of a run share one ({@link #shared()}), as they share the database server:
 * each names its own topics and consumer groups.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    private final EmbeddedKafkaKraftBroker embedded;

    private KafkaBroker(EmbeddedKafkaKraftBroker embedded) {
        this.embedded = embedded;
    }

    /** The broker of this test JVM, started on first use and stopped when the JVM ends. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "molt-test-kafka-stop"));
        }
        return shared;
    }

    public static KafkaBroker start() {
        EmbeddedKafkaKraftBroker embedded = new EmbeddedKafkaKraftBroker(1, 1);
        embedded.brokerProperties(Map.of("auto.create.topics.enable", "false"));
        embedded.afterPropertiesSet();
        return new KafkaBroker(embedded);
    }

    public String bootstrapServers() {
        return embedded.getBrokersAsString();
    }

    /** Shuts the broker down and starts it again on the same port with the same logs. */
    public void restart() {
        BrokerServer broker =
                embedded.getCluster().brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
        broker.startup();
    }

    @Override
    public void close() {
        embedded.destroy();
    }
}
