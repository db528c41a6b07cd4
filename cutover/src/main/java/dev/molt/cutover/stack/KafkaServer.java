package dev.molt.cutover.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The stack's Kafka broker (KRaft, broker and controller in one node) as a process of its own, so
 * that it can crash and be relaunched like every other part: its log directory is formatted once
 * and kept, so a relaunch finds its topics and the consumer group's offsets again. It answers 200
 * on {@code /health} at {@code --health-port} once the broker answers a client.
 */
public final class KafkaServer {

    private KafkaServer() {}

    /** {@code --config=FILE --cluster-id=ID --health-port=N}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 2) {
                options.put(arg.substring(2, equals), arg.substring(equals + 1));
            }
        }
        Path config = Path.of(options.get("config"));
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(config)) {
            properties.load(reader);
        }
        if (!Files.exists(Path.of(properties.getProperty("log.dirs")).resolve("meta.properties"))) {
            int formatted = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", options.get("cluster-id"), "--config", config.toString()},
                    System.out);
            if (formatted != 0) {
                throw new IllegalStateException("could not format the Kafka log directory (" + formatted + ")");
            }
        }
        serveHealth(Integer.parseInt(options.get("health-port")), properties.getProperty("advertised.listeners"));
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void serveHealth(int port, String listener) throws IOException {
        String bootstrap = listener.substring(listener.indexOf("://") + 3);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/health", exchange -> {
            int status;
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                status = 200;
            } catch (Exception notYet) {
                status = 503;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }
}
