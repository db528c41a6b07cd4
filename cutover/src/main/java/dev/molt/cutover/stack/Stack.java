package dev.molt.cutover.stack;

import dev.molt.launcher.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * The whole Molt stack on embedded databases: OLD and NEW MariaDB, the four shop services, the
 * replicator and the gateway (or several gateway replicas sharing the cutover through a schema on
 * the NEW server), each its own process, started in the order their dependencies need
 * (the command services migrate the schemas the others read) and stopped in reverse. Once all are
 * up, a {@link Supervisor} relaunches any of them that exits without being asked to; {@link
 * #kill} is the crash the fault drills inflict.
 */
public final class Stack implements Crashable, AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Credentials OLD_OWNER = new Credentials("shop_old", "shop_old_pw");
    private static final Credentials OLD_APP = new Credentials("shop_old_app", "shop_old_app_pw");
    private static final Credentials OLD_READER = new Credentials("shop_old_reader", "shop_old_reader_pw");
    private static final Credentials OLD_GATEWAY = new Credentials("molt_gateway", "molt_gateway_old_pw");
    private static final Credentials NEW_APP = new Credentials("shop_new_app", "shop_new_app_pw");
    private static final Credentials NEW_GATEWAY = new Credentials("molt_gateway", "molt_gateway_new_pw");
    private static final Credentials NEW_OWNER = new Credentials("shop_new", "shop_new_pw");
    private static final Credentials NEW_READER = new Credentials("shop_new_reader", "shop_new_reader_pw");
    private static final Credentials REPLICATOR = new Credentials("molt_replicator", "molt_replicator_pw");
    private static final String OLD_SCHEMA = "shop_old";
    /** Prefix of a setting that is an environment variable of the child: secrets, never on its command line. */
    private static final String ENVIRONMENT = "env:";

    private static final String NEW_SCHEMA = "shop_new";
    /** The gateway replicas' shared cutover state: a schema of its own on the NEW server. */
    private static final String STATE_SCHEMA = "molt_state";

    private static final Credentials STATE_OWNER = new Credentials("molt_state", "molt_state_pw");

    private final Path projectRoot;
    private final Path runDir;
    private final StackPorts ports;
    private final String adminToken;
    private final Map<String, String> gatewaySettings;
    private final Transport transport;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, Supervisor.Child> children = new LinkedHashMap<>();
    private final Supervisor supervisor;
    private DatabaseAccess oldDatabase;
    private DatabaseAccess newDatabase;
    private DatabaseAccess stateDatabase;

    /** How the replicator carries changes from capture to apply. */
    public enum Transport {
        /** In the replicator process. */
        DIRECT,
        /** Through a change log topic on a Kafka broker, to a consumer group of two appliers. */
        KAFKA
    }

    private Stack(
            Path projectRoot,
            Path runDir,
            StackPorts ports,
            String adminToken,
            Map<String, String> gatewaySettings,
            Transport transport,
            Consumer<String> console) {
        this.projectRoot = projectRoot;
        this.supervisor = new Supervisor(Supervisor.Backoff.DEFAULT, console);
        this.runDir = runDir;
        this.ports = ports;
        this.adminToken = adminToken;
        this.gatewaySettings = gatewaySettings;
        this.transport = transport;
    }

    /**
     * Starts everything, reporting each step to {@code progress}. On any failure what was started
     * is stopped again before the exception leaves.
     */
    public static Stack start(
            Path projectRoot,
            StackPorts ports,
            String adminToken,
            Map<String, String> gatewaySettings,
            Transport transport,
            Consumer<String> progress) {
        refuseTakenPorts(ports);
        Path runDir = freshRunDirectory(projectRoot.resolve(".molt").resolve("up"));
        String token = adminToken == null || adminToken.isBlank() ? AdminTokenFile.generated() : adminToken;
        Stack stack = new Stack(projectRoot, runDir, ports, token, gatewaySettings, transport, progress);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "molt-stack-stop"));
        try {
            stack.startAll(progress);
            stack.children.values().forEach(stack.supervisor::watch);
            return stack;
        } catch (RuntimeException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) {
        Path logs = createDirectories(runDir.resolve("logs"));
        createDirectories(GatewayReplica.configDirectory(runDir));
        progress.accept("starting the OLD and NEW databases (MariaDB, ROW binlog)");
        EmbeddedDatabase oldDb = supervised(
                EmbeddedDatabase.start("old-db", 1, ports.oldDatabase(), createDirectories(runDir.resolve("old-db"))));
        EmbeddedDatabase newDb = supervised(
                EmbeddedDatabase.start("new-db", 2, ports.newDatabase(), createDirectories(runDir.resolve("new-db"))));
        oldDb.createSchema(OLD_OWNER, OLD_APP, OLD_READER, OLD_GATEWAY, OLD_SCHEMA, "squid");
        newDb.createSchema(NEW_OWNER, NEW_APP, NEW_READER, NEW_GATEWAY, NEW_SCHEMA, "seafood");
        oldDb.createReplicationUser(REPLICATOR);
        newDb.createReplicationUser(REPLICATOR);
        String oldUrl = oldDb.jdbcUrl(OLD_SCHEMA);
        String newUrl = newDb.jdbcUrl(NEW_SCHEMA);
        oldDatabase = new DatabaseAccess(oldUrl, OLD_OWNER.user(), OLD_OWNER.password());
        newDatabase = new DatabaseAccess(newUrl, NEW_OWNER.user(), NEW_OWNER.password());

        progress.accept("starting old-command and new-command (they migrate the schemas)");
        awaitAll(
                service("old-command", ports.oldCommand(), commandSide(oldUrl, OLD_APP, OLD_OWNER), logs),
                service("new-command", ports.newCommand(), commandSide(newUrl, NEW_APP, NEW_OWNER), logs));

        progress.accept("starting old-query, new-query and the replicator");
        Map<String, String> replicator = new LinkedHashMap<>();
        replicator.put("server.port", String.valueOf(ports.replicator()));
        replicator.put("server.address", "127.0.0.1");
        replicator.put("molt.old.url", oldUrl);
        replicator.put("molt.old.user", REPLICATOR.user());
        replicator.put(secret("molt.old.password"), REPLICATOR.password());
        replicator.put("molt.new.url", newUrl);
        replicator.put("molt.new.user", REPLICATOR.user());
        replicator.put(secret("molt.new.password"), REPLICATOR.password());
        replicator.put(ENVIRONMENT + "MOLT_ADMIN_TOKEN", adminToken);
        if (transport == Transport.KAFKA) {
            progress.accept("starting Kafka (KRaft, one node) for the replicator's change log");
            replicator.put("molt.transport", "kafka");
            replicator.put("molt.kafka.bootstrap-servers", startKafka(logs));
            replicator.put("molt.kafka.appliers", "2");
        }
        awaitAll(
                service("old-query", ports.oldQuery(), datasource(oldUrl, OLD_READER), logs),
                service("new-query", ports.newQuery(), datasource(newUrl, NEW_READER), logs),
                launch("replicator", ports.replicator(), replicator, logs));

        progress.accept(
                ports.gateways() == 1
                        ? "starting the gateway"
                        : "starting " + ports.gateways() + " gateway replicas over one state database (NEW, schema "
                                + STATE_SCHEMA + ")");
        String stateUrl = null;
        if (ports.gateways() > 1) {
            newDb.createOwnedSchema(STATE_OWNER, STATE_SCHEMA);
            stateUrl = newDb.jdbcUrl(STATE_SCHEMA);
            stateDatabase = new DatabaseAccess(stateUrl, STATE_OWNER.user(), STATE_OWNER.password());
        }
        Map<String, String> common = gatewayCommon(oldUrl, newUrl, stateUrl);
        List<SupervisedProcess> gateways = new ArrayList<>();
        for (int replica = 0; replica < ports.gateways(); replica++) {
            GatewayReplica gateway = new GatewayReplica(replica, ports, stateUrl != null);
            gateways.add(launch(gateway.name(), "gateway", gateway.health(), gateway.settings(common, runDir), logs));
        }
        awaitAll(gateways.toArray(SupervisedProcess[]::new));
        AdminTokenFile.write(runDir.resolve("admin-token"), adminToken);
    }

    /**
     * What every gateway replica shares: its backends, the OLD and NEW databases its guards and
     * write fence use, the admin token and, with several replicas, the state database.
     */
    private Map<String, String> gatewayCommon(String oldUrl, String newUrl, String stateUrl) {
        Map<String, String> gateway = new LinkedHashMap<>();
        gateway.put(ENVIRONMENT + "MOLT_ADMIN_TOKEN", adminToken);
        gateway.put("molt.gateway.routing.backends.old-command", local(ports.oldCommand()));
        gateway.put("molt.gateway.routing.backends.old-query", local(ports.oldQuery()));
        gateway.put("molt.gateway.routing.backends.new-command", local(ports.newCommand()));
        gateway.put("molt.gateway.routing.backends.new-query", local(ports.newQuery()));
        gateway.put("molt.gateway.replicator.base-url", local(ports.replicator()));
        gateway.put("molt.gateway.cutover.old-database.url", oldUrl);
        gateway.put("molt.gateway.cutover.old-database.username", OLD_GATEWAY.user());
        gateway.put(secret("molt.gateway.cutover.old-database.password"), OLD_GATEWAY.password());
        gateway.put("molt.gateway.cutover.new-database.url", newUrl);
        gateway.put("molt.gateway.cutover.new-database.username", NEW_GATEWAY.user());
        gateway.put(secret("molt.gateway.cutover.new-database.password"), NEW_GATEWAY.password());
        gateway.put("molt.gateway.fence.write-fence.enabled", "true");
        gateway.put("molt.gateway.fence.write-fence.old-writer.user", OLD_APP.user());
        gateway.put("molt.gateway.fence.write-fence.new-writer.user", NEW_APP.user());
        if (stateUrl != null) {
            gateway.put("molt.gateway.state.url", stateUrl);
            gateway.put("molt.gateway.state.username", STATE_OWNER.user());
            gateway.put(secret("molt.gateway.state.password"), STATE_OWNER.password());
        }
        gateway.putAll(gatewaySettings);
        return gateway;
    }

    /**
     * Kafka as a process of its own (see {@link KafkaServer}), on free ports chosen now and kept
     * for its relaunches, its log directory in the run directory. Returns its bootstrap servers.
     */
    private String startKafka(Path logs) {
        int broker = freePort();
        int controller = freePort();
        int health = freePort();
        Path dir = createDirectories(runDir.resolve("kafka"));
        Path config = dir.resolve("server.properties");
        String bootstrap = "127.0.0.1:" + broker;
        try {
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "process.roles=broker,controller",
                            "node.id=1",
                            "controller.quorum.voters=1@127.0.0.1:" + controller,
                            "listeners=PLAINTEXT://" + bootstrap + ",CONTROLLER://127.0.0.1:" + controller,
                            "advertised.listeners=PLAINTEXT://" + bootstrap,
                            "controller.listener.names=CONTROLLER",
                            "inter.broker.listener.name=PLAINTEXT",
                            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                            "log.dirs=" + dir.resolve("data"),
                            // the replicator creates its topics with the partitions it needs; nothing else may
                            "auto.create.topics.enable=false",
                            "offsets.topic.replication.factor=1",
                            "transaction.state.log.replication.factor=1",
                            "transaction.state.log.min.isr=1",
                            "group.initial.rebalance.delay.ms=0",
                            ""));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + config, e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("config", config.toString());
        settings.put("cluster-id", Uuid.randomUuid().toString());
        settings.put("health-port", String.valueOf(health));
        SupervisedProcess kafka = supervised(SupervisedProcess.start(
                "kafka",
                JavaProcess.named("kafka")
                        .jvmOptions("-Xmx512m", "-Dloader.main=" + KafkaServer.class.getName())
                        .main(jar("cutover").toString(), "org.springframework.boot.loader.launch.PropertiesLauncher")
                        .properties(settings)
                        .log(logs.resolve("kafka.log"))
                        .health(URI.create(local(health) + "/health"))));
        kafka.awaitHealthy(READY_TIMEOUT);
        return bootstrap;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private SupervisedProcess service(String module, int port, Map<String, String> datasource, Path logs) {
        Map<String, String> properties = new LinkedHashMap<>(datasource);
        properties.put("server.port", String.valueOf(port));
        properties.put("server.address", "127.0.0.1");
        return launch(module, port, properties, logs);
    }

    private SupervisedProcess launch(String module, int port, Map<String, String> properties, Path logs) {
        return launch(module, URI.create(local(port) + "/actuator/health/readiness"), properties, logs);
    }

    /** The setting that passes {@code property} through the environment, where {@code ps} does not show it. */
    private static String secret(String property) {
        return ENVIRONMENT + JavaProcess.environmentName(property);
    }

    private SupervisedProcess launch(String module, URI health, Map<String, String> settings, Path logs) {
        return launch(module, module, health, settings, logs);
    }

    /**
     * Starts {@code module} as the process {@code name}; settings whose key starts with {@link
     * #ENVIRONMENT} go into its environment.
     */
    private SupervisedProcess launch(String name, String module, URI health, Map<String, String> settings, Path logs) {
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(ENVIRONMENT)) {
                secrets.put(key.substring(ENVIRONMENT.length()), value);
            } else {
                properties.put(key, value);
            }
        });
        return supervised(SupervisedProcess.start(
                name,
                JavaProcess.named(name)
                        .jvmOptions("-Xmx384m")
                        .jar(jar(module))
                        .properties(properties)
                        .environment(secrets)
                        .log(logs.resolve(name + ".log"))
                        .health(health)));
    }

    private static void awaitAll(SupervisedProcess... services) {
        for (SupervisedProcess service : services) {
            service.awaitHealthy(READY_TIMEOUT);
        }
    }

    private <T extends Supervisor.Child & AutoCloseable> T supervised(T child) {
        children.put(child.name(), child);
        return remember(child);
    }

    private static Map<String, String> datasource(String url, Credentials credentials) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", credentials.user());
        properties.put(secret("spring.datasource.password"), credentials.password());
        return properties;
    }

    /**
     * A command service runs as the application account and migrates its schema as the owner. Its
     * pool is large enough for every writing client of a play at scale to hold a connection: a brief
     * write lock on the database (the snapshot's global read lock, seconds on a loaded machine) then
     * queues the writes at the database, which answers them once it lifts, instead of timing them
     * out at the pool with 503s.
     */
    private static Map<String, String> commandSide(String url, Credentials application, Credentials owner) {
        Map<String, String> properties = datasource(url, application);
        properties.put("spring.datasource.hikari.maximum-pool-size", "40");
        properties.put("spring.flyway.user", owner.user());
        properties.put(secret("spring.flyway.password"), owner.password());
        return properties;
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.add(resource);
        return resource;
    }

    private Path jar(String module) {
        Path target = projectRoot.resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> missingJar(module));
        } catch (IOException e) {
            throw missingJar(module);
        }
    }

    private static IllegalStateException missingJar(String module) {
        return new IllegalStateException(
                "no executable jar of " + module + "; build first with: ./mvnw -DskipTests package");
    }

    /** The OLD shop's database, as its owner sees it. */
    public DatabaseAccess oldDatabase() {
        return oldDatabase;
    }

    /** The NEW shop's database, as its owner sees it. */
    public DatabaseAccess newDatabase() {
        return newDatabase;
    }

    /** The gateway replicas' shared state database; null with one gateway, which keeps its stage in its file. */
    public DatabaseAccess stateDatabase() {
        return stateDatabase;
    }

    /** The OLD database as old-command sees it: the account the write fence revokes writes from. */
    public DatabaseAccess oldApplication() {
        return new DatabaseAccess(oldDatabase.url(), OLD_APP.user(), OLD_APP.password());
    }

    /** The NEW database as new-command sees it. */
    public DatabaseAccess newApplication() {
        return new DatabaseAccess(newDatabase.url(), NEW_APP.user(), NEW_APP.password());
    }

    @Override
    public List<String> processNames() {
        return List.copyOf(children.keySet());
    }

    @Override
    public void kill(String name) {
        Supervisor.Child child = children.get(name);
        if (child == null) {
            throw new IllegalArgumentException("no process called " + name + " in this stack: " + children.keySet());
        }
        child.handle().destroyForcibly();
    }

    @Override
    public void addListener(Supervisor.Listener listener) {
        supervisor.addListener(listener);
    }

    public String adminToken() {
        return adminToken;
    }

    public StackPorts ports() {
        return ports;
    }

    public Path runDirectory() {
        return runDir;
    }

    /** The directory every gateway replica reads as a config tree, e.g. for a file {@code molt.gateway.cutover.target.stage}. */
    public Path gatewayConfigDirectory() {
        return GatewayReplica.configDirectory(runDir);
    }

    /** The process name of gateway replica {@code replica} (from 0): {@code gateway}, {@code gateway-1}... */
    public static String gatewayName(int replica) {
        return GatewayReplica.name(replica);
    }

    public static String local(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static void refuseTakenPorts(StackPorts ports) {
        List<String> taken = new ArrayList<>();
        ports.byOwner().forEach((owner, port) -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                taken.add(port + " (" + owner + ")");
            }
        });
        if (!taken.isEmpty()) {
            throw new IllegalStateException("port already taken: " + String.join(", ", taken)
                    + "; stop what listens there or choose other ports (see ./molt up --help)");
        }
    }

    private static Path freshRunDirectory(Path dir) {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("could not clear " + dir, e);
            }
        }
        return createDirectories(dir);
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
    }

    /**
     * Ends supervision, then stops every process and database, the last started first; also on
     * Ctrl-C or a kill, even mid-start.
     */
    @Override
    public synchronized void close() {
        supervisor.close();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
        started.clear();
    }
}
