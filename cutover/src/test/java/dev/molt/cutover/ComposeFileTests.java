package dev.molt.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.molt.cutover.ComposeFile.JdbcUrl;
import dev.molt.cutover.ComposeFile.Published;
import dev.molt.cutover.ComposeFile.Service;
import dev.molt.cutover.cli.Molt;
import dev.molt.cutover.stack.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code docker-compose.yml} agrees with what it runs: the services' own {@code application.yml},
 * the init SQL of the two MySQL servers, and the order in which the services need each other. No
 * Docker engine is needed; the file is read, not run.
 */
class ComposeFileTests {

    private static final Path ROOT = ProjectRoot.find();
    private static final ComposeFile COMPOSE = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
    private static final List<String> MODULES =
            List.of("old-command", "old-query", "new-command", "new-query", "replicator", "gateway");
    private static final InitSql OLD_SQL = InitSql.read(ROOT.resolve("deploy/mysql/old"));
    private static final InitSql NEW_SQL = InitSql.read(ROOT.resolve("deploy/mysql/new"));
    private static final int MYSQL_PORT = 3306;
    /** The gateway replicas behind the balancer, each a service of the gateway module. */
    private static final List<String> GATEWAYS = List.of("gateway-1", "gateway-2");

    private static final String STATE_SCHEMA = "molt_state";
    private static final String HAPROXY_CONFIG = "deploy/haproxy/haproxy.cfg";

    /** One side of the migration: its database service, schema, init SQL and services. */
    private record Side(String database, String schema, InitSql sql, String command, String query) {}

    private static final Side OLD = new Side("old-db", "shop_old", OLD_SQL, "old-command", "old-query");
    private static final Side NEW = new Side("new-db", "shop_new", NEW_SQL, "new-command", "new-query");

    @Test
    void everyServiceHasAHealthcheck() {
        for (String name : COMPOSE.serviceNames()) {
            if (name.equals("play")) {
                continue; // a job that runs once and ends; nothing waits for it
            }
            assertThat(COMPOSE.service(name).healthcheck())
                    .as("healthcheck of " + name)
                    .isNotBlank()
                    .doesNotContain("NONE");
        }
    }

    @Test
    void everyLongRunningServiceIsRestartedWhenItExitsUnasked() {
        for (String name : COMPOSE.serviceNames()) {
            if (name.equals("play")) {
                continue; // a job: its exit is its result
            }
            assertThat(COMPOSE.service(name).get("restart"))
                    .as("restart policy of " + name)
                    .isIn("unless-stopped", "on-failure", "always");
        }
    }

    @Test
    void everyDependantWaitsUntilItsDependencyIsHealthy() {
        for (String name : COMPOSE.serviceNames()) {
            COMPOSE.service(name).dependsOn().forEach((dependency, condition) -> {
                assertThat(COMPOSE.serviceNames()).as(name + " depends on").contains(dependency);
                assertThat(condition).as(name + " -> " + dependency).isEqualTo("service_healthy");
            });
        }
    }

    /** The services a module runs as: the gateway as every replica, the others as the service of their name. */
    private static List<Service> servicesOf(String module) {
        return (module.equals("gateway") ? GATEWAYS : List.of(module))
                .stream().map(COMPOSE::service).toList();
    }

    /** The first gateway replica, for what every replica shares (checked apart in the replica tests). */
    private static Service gateway() {
        return COMPOSE.service(GATEWAYS.get(0));
    }

    @Test
    void commandServicesComeFirstThenQueryServicesAndTheReplicatorThenTheGateway() {
        assertThat(COMPOSE.service("old-command").dependsOn()).containsKey("old-db");
        assertThat(COMPOSE.service("new-command").dependsOn()).containsKey("new-db");
        assertThat(COMPOSE.service("old-query").dependsOn()).containsKey("old-command");
        assertThat(COMPOSE.service("new-query").dependsOn()).containsKey("new-command");
        assertThat(COMPOSE.service("replicator").dependsOn()).containsKeys("old-command", "new-command");
        for (Service gateway : servicesOf("gateway")) {
            assertThat(gateway.dependsOn())
                    .as("dependencies of " + gateway.name())
                    .containsKeys("replicator", "old-command", "old-query", "new-command", "new-query");
        }
        assertThat(COMPOSE.service("balancer").dependsOn()).containsOnlyKeys(GATEWAYS);
    }

    @Test
    void theReplicatorRunsOnTheKafkaTransportThroughTheBrokersAdvertisedListener() {
        Service replicator = COMPOSE.service("replicator");
        assertThat(replicator.property("molt.transport")).isEqualTo("kafka");
        String advertised = COMPOSE.service("kafka").environment().get("KAFKA_ADVERTISED_LISTENERS");
        assertThat(advertised).isEqualTo("PLAINTEXT://" + replicator.property("molt.kafka.bootstrap-servers"));
        assertThat(replicator.dependsOn()).containsEntry("kafka", "service_healthy");
        assertThat(ModuleSettings.of(ROOT, "replicator").under("molt.replicator.pipelines"))
                .as("both pipelines follow molt.transport and molt.kafka.*")
                .containsEntry("forward.transport", "${molt.transport}")
                .containsEntry("reverse.transport", "${molt.transport}")
                .containsEntry("forward.kafka.bootstrap-servers", "${molt.kafka.bootstrap-servers}")
                .containsEntry("reverse.kafka.bootstrap-servers", "${molt.kafka.bootstrap-servers}");
    }

    @Test
    void thePlayAttachesToTheStackByItsServiceNamesPortsAndOwnerUsers() {
        Service play = COMPOSE.service("play");
        assertThat(play.module()).isEqualTo("cutover");
        assertThat(play.get("restart")).isEqualTo("no");
        assertThat(play.command()).startsWith("play", "--attach");
        Map<String, String> options = new java.util.LinkedHashMap<>();
        play.command().stream().filter(argument -> argument.contains("=")).forEach(argument -> {
            int equals = argument.indexOf('=');
            options.put(argument.substring(0, equals), argument.substring(equals + 1));
        });
        ModuleSettings gateway = ModuleSettings.of(ROOT, "gateway");

        assertThat(options)
                .containsEntry("--gateway-url", "http://balancer:" + gateway.port("server.port"))
                .containsEntry(
                        "--admin-url", "http://" + GATEWAYS.get(0) + ":" + gateway.port("molt.gateway.admin.port"))
                .containsEntry(
                        "--replicator-url",
                        "http://replicator:"
                                + ModuleSettings.of(ROOT, "replicator").port("server.port"));
        for (Side side : List.of(OLD, NEW)) {
            String prefix = side == OLD ? "--old-db-" : "--new-db-";
            Service command = COMPOSE.service(side.command());
            JdbcUrl url = JdbcUrl.parse(options.get(prefix + "url"));
            JdbcUrl owner = JdbcUrl.parse(command.property("spring.datasource.url"));
            assertThat(List.of(url.host(), url.port(), url.database()))
                    .as(prefix + "url: the database " + side.command() + " owns")
                    .isEqualTo(List.of(owner.host(), owner.port(), owner.database()));
            assertThat(options.get(prefix + "user")).isEqualTo(command.property("spring.flyway.user"));
            assertThat(options).doesNotContainKey(prefix + "password");
            assertThat(play.environment().get(side == OLD ? "MOLT_OLD_DB_PASSWORD" : "MOLT_NEW_DB_PASSWORD"))
                    .as("the owner's password, in the play's environment")
                    .isEqualTo(command.setting("spring.flyway.password"));
        }
        assertThat(play.environment().get("MOLT_ADMIN_TOKEN"))
                .isEqualTo(gateway().environment().get("MOLT_ADMIN_TOKEN"));
        assertThat(play.dependsOn())
                .containsEntry("balancer", "service_healthy")
                .containsEntry("replicator", "service_healthy");
        assertThat(play.volumes()).containsValue("/var/lib/molt");
        assertThat(Path.of(options.get("--report-dir")).startsWith("/var/lib/molt"))
                .isTrue();
    }

    @Test
    void eachServiceIsBuiltFromTheModuleOfItsName() {
        for (String module : MODULES) {
            for (Service service : servicesOf(module)) {
                assertThat(service.module())
                        .as("build argument MODULE of " + service.name())
                        .isEqualTo(module);
            }
        }
    }

    @Test
    void onlyTheBalancersPortIsPublishedOnTheGatewaysPublicPort() {
        int port = ModuleSettings.of(ROOT, "gateway").port("server.port");
        for (String name : COMPOSE.serviceNames()) {
            if (!name.equals("balancer")) {
                assertThat(COMPOSE.service(name).ports()).as("ports of " + name).isEmpty();
            }
        }
        assertThat(COMPOSE.service("balancer").ports()).containsExactly(new Published("127.0.0.1", port, port));
    }

    @Test
    void theOverrideForTheHostPublishesEachServiceOnItsOwnPortOnLoopbackOnly() {
        ComposeFile ports = ComposeFile.read(ROOT.resolve("deploy/compose.ports.yml"));
        for (String module : MODULES) {
            int port = ModuleSettings.of(ROOT, module).port("server.port");
            for (Service service : servicesOf(module)) {
                assertThat(service.properties().getOrDefault("server.port", String.valueOf(port)))
                        .as(service.name() + " must not move off its own server.port")
                        .isEqualTo(String.valueOf(port));
            }
            if (!module.equals("gateway")) {
                assertThat(ports.service(module).ports()).containsExactly(new Published("127.0.0.1", port, port));
            }
        }
        int admin = ModuleSettings.of(ROOT, "gateway").port("molt.gateway.admin.port");
        assertThat(admin).isEqualTo(8090);
        for (int replica = 0; replica < GATEWAYS.size(); replica++) {
            Service gateway = COMPOSE.service(GATEWAYS.get(replica));
            assertThat(gateway.properties()).doesNotContainKey("molt.gateway.admin.port");
            assertThat(ports.service(gateway.name()).ports())
                    .as("replica %d's admin API on 8090 + %d, as ./molt up --gateways puts it", replica, replica)
                    .containsExactly(new Published("127.0.0.1", admin + replica, admin));
        }
        assertThat(ports.service("old-db").ports()).containsExactly(new Published("127.0.0.1", 3316, MYSQL_PORT));
        assertThat(ports.service("new-db").ports()).containsExactly(new Published("127.0.0.1", 3317, MYSQL_PORT));
    }

    @Test
    void theAdminApiListensBeyondTheContainersLoopbackOnlyInCompose() {
        assertThat(ModuleSettings.of(ROOT, "gateway").get("molt.gateway.admin.address"))
                .as("the gateway's own default")
                .isEqualTo("127.0.0.1");
        for (Service gateway : servicesOf("gateway")) {
            assertThat(gateway.property("molt.gateway.admin.address"))
                    .as("inside the compose network, for the play and the other replica: " + gateway.name())
                    .isEqualTo("0.0.0.0");
        }
    }

    @Test
    void noPasswordOrTokenIsOnACommandLine() {
        for (String name : COMPOSE.serviceNames()) {
            for (String argument : COMPOSE.service(name).command()) {
                assertThat(argument.toLowerCase(java.util.Locale.ROOT))
                        .as("argument of " + name)
                        .doesNotContain("password")
                        .doesNotContain("token")
                        .doesNotContain("_pw");
            }
        }
    }

    @Test
    void theWriteFenceIsOnForTheAccountsTheCommandServicesRunAs() {
        for (Service gateway : servicesOf("gateway")) {
            theWriteFenceIsOnForTheAccountsTheCommandServicesRunAs(gateway);
        }
    }

    private static void theWriteFenceIsOnForTheAccountsTheCommandServicesRunAs(Service gateway) {
        Map<String, Side> writers = Map.of("old-writer", OLD, "new-writer", NEW);
        Map<String, String> fence = ModuleSettings.of(ROOT, "gateway").under("molt.gateway.fence.write-fence");

        assertThat(gateway.property("molt.gateway.fence.write-fence.enabled")).isEqualTo("true");
        writers.forEach((writer, side) -> {
            String account = gateway.property("molt.gateway.fence.write-fence." + writer + ".user");
            String table = fence.get(writer + ".table");
            String gatewayUser =
                    gateway.property("molt.gateway.cutover." + (side == OLD ? "old" : "new") + "-database.username");

            assertThat(account).isEqualTo(COMPOSE.service(side.command()).property("spring.datasource.username"));
            assertThat(fence.get(writer + ".host")).isEqualTo("%");
            assertThat(side.sql().grants(account))
                    .as("grants of " + account + ": table level only, or a table-level revoke changes nothing")
                    .containsExactly(new InitSql.Grant(
                            side.schema() + "." + table, Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE")));
            assertThat(side.sql().privileges(gatewayUser, side.schema() + ".*"))
                    .as("the gateway hands out what it revokes")
                    .contains("INSERT", "UPDATE", "DELETE", "GRANT OPTION", "LOCK TABLES");
            assertThat(side.sql().privileges(gatewayUser, "*.*"))
                    .as("the gateway sees the application's open transactions")
                    .containsExactly("PROCESS");
        });
    }

    @Test
    void eachServiceHealthcheckAsksForReadinessWhereItsActuatorListens() {
        for (String module : MODULES) {
            ModuleSettings settings = ModuleSettings.of(ROOT, module);
            int actuator =
                    module.equals("gateway") ? settings.port("management.server.port") : settings.port("server.port");
            for (Service service : servicesOf(module)) {
                assertThat(service.healthcheck())
                        .as("healthcheck of " + service.name())
                        .contains("http://127.0.0.1:" + actuator + "/actuator/health/readiness");
            }
        }
        assertThat(ModuleSettings.of(ROOT, "gateway").get("management.server.address"))
                .as("the gateway's actuator listens on loopback unless told otherwise")
                .isEqualTo("127.0.0.1");
        for (Service gateway : servicesOf("gateway")) {
            assertThat(gateway.property("management.server.address"))
                    .as("%s's actuator, for the balancer's health check too", gateway.name())
                    .isEqualTo("0.0.0.0");
        }
    }

    @Test
    void theGatewayRoutesToEachBackendByItsComposeServiceAndServerPort() {
        Map<String, String> backends = ModuleSettings.of(ROOT, "gateway").under("molt.gateway.routing.backends");

        assertThat(backends).containsOnlyKeys("old-command", "old-query", "new-command", "new-query");
        for (Service gateway : servicesOf("gateway")) {
            for (String backend : backends.keySet()) {
                int port = ModuleSettings.of(ROOT, backend).port("server.port");
                assertThat(gateway.property("molt.gateway.routing.backends." + backend))
                        .isEqualTo("http://" + backend + ":" + port);
            }
        }
    }

    @Test
    void theGatewayReachesTheReplicatorByItsComposeServiceAndServerPort() {
        int port = ModuleSettings.of(ROOT, "replicator").port("server.port");

        for (Service gateway : servicesOf("gateway")) {
            assertThat(gateway.property("molt.gateway.replicator.base-url")).isEqualTo("http://replicator:" + port);
        }
    }

    @Test
    void eachGatewayReplicaKeepsItsStageCacheOnANamedVolumeOfItsOwn() {
        Set<String> volumes = new HashSet<>();
        for (Service gateway : servicesOf("gateway")) {
            String stateFile = gateway.property("molt.gateway.cutover.state-file");

            assertThat(gateway.volumes())
                    .as("a named volume mounted above " + stateFile)
                    .anySatisfy((volume, mountPoint) -> {
                        assertThat(COMPOSE.namedVolumes()).contains(volume);
                        assertThat(Path.of(stateFile).startsWith(Path.of(mountPoint)))
                                .isTrue();
                    });
            gateway.volumes().keySet().stream()
                    .filter(COMPOSE.namedVolumes()::contains)
                    .forEach(volumes::add);
        }
        assertThat(volumes).as("no state file shared by two replicas").hasSize(GATEWAYS.size());
    }

    @Test
    void everyGatewayReplicaReadsOneReadOnlyConfigDirectoryAsAConfigTreeThatDeclaresNoTargetByDefault()
            throws IOException {
        for (Service gateway : servicesOf("gateway")) {
            assertThat(gateway.environment().get("SPRING_CONFIG_IMPORT"))
                    .as("SPRING_CONFIG_IMPORT of " + gateway.name())
                    .isEqualTo("optional:configtree:/etc/molt/config/");
            assertThat(gateway.mounts())
                    .as("volumes of " + gateway.name())
                    .contains("./deploy/gateway/config:/etc/molt/config:ro");
        }
        Path config = ROOT.resolve("deploy/gateway/config");
        assertThat(config).isDirectory();
        try (var files = Files.list(config)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("no property, so no target, in the repository's config directory")
                    .allMatch(name -> name.startsWith("."));
        }
    }

    @Test
    void kafkaKeepsItsLogOnANamedVolume() {
        Service kafka = COMPOSE.service("kafka");
        String logDirs = kafka.environment().get("KAFKA_LOG_DIRS");

        assertThat(logDirs)
                .as("KAFKA_LOG_DIRS (the image's default is under /tmp)")
                .isNotBlank();
        for (String logDir : logDirs.split(",")) {
            assertThat(kafka.volumes())
                    .as("a named volume mounted above " + logDir)
                    .anySatisfy((volume, mountPoint) -> {
                        assertThat(COMPOSE.namedVolumes()).contains(volume);
                        assertThat(Path.of(logDir).startsWith(Path.of(mountPoint)))
                                .isTrue();
                    });
        }
    }

    @Test
    void theQuietPeriodComesFromTheEnvironmentDefaultingToThePlaysOwn() {
        String playsOwn = new CommandLine(new Molt())
                .getSubcommands()
                .get("play")
                .getCommandSpec()
                .findOption("--quiet-period")
                .defaultValue();

        for (Service gateway : servicesOf("gateway")) {
            assertThat(gateway.property("molt.gateway.cutover.quiet-period"))
                    .as("unset, stage 10 must not outwait the play's 90 s per stage")
                    .isEqualTo("${MOLT_QUIET_PERIOD:-" + playsOwn + "}");
        }
        assertThat(playsOwn).isEqualTo("2s");
    }

    @Test
    void theAdminTokenComesFromTheEnvironmentWithALocalDefault() {
        assertThat(gateway().environment().get("MOLT_ADMIN_TOKEN")).matches("\\$\\{MOLT_ADMIN_TOKEN:-[^}]+}");
        for (Service gateway : servicesOf("gateway")) {
            assertThat(gateway.environment().get("MOLT_ADMIN_TOKEN"))
                    .as("every replica takes the same token: the coordinator of a switch calls the others with it")
                    .isEqualTo(gateway().environment().get("MOLT_ADMIN_TOKEN"));
        }
        assertThat(COMPOSE.service("replicator").environment().get("MOLT_ADMIN_TOKEN"))
                .as("the replicator's control API takes the same token")
                .isEqualTo(gateway().environment().get("MOLT_ADMIN_TOKEN"));
        assertThat(ModuleSettings.of(ROOT, "replicator").get("molt.api.token")).isEqualTo("${MOLT_ADMIN_TOKEN:}");
        assertThat(ModuleSettings.of(ROOT, "gateway").get("molt.gateway.replicator.token"))
                .isEqualTo("${MOLT_ADMIN_TOKEN:}");
        assertThat(ModuleSettings.of(ROOT, "gateway").get("molt.gateway.admin.token"))
                .isEqualTo("${MOLT_ADMIN_TOKEN:}");
    }

    @Test
    void bothDatabasesAreMySql84WritingAFullRowBinlogWithGtids() {
        for (Side side : List.of(OLD, NEW)) {
            Service database = COMPOSE.service(side.database());
            assertThat(database.get("image")).isEqualTo("mysql:8.4");
            assertThat(database.command())
                    .as("options of " + side.database())
                    .contains(
                            "--binlog-format=ROW",
                            "--binlog-row-image=FULL",
                            "--gtid-mode=ON",
                            "--enforce-gtid-consistency=ON");
        }
    }

    @Test
    void everyBinlogServerIdIsDistinctAcrossServersAndReplicatorPipelines() {
        Set<String> ids = new HashSet<>();
        for (Side side : List.of(OLD, NEW)) {
            String id = COMPOSE.service(side.database()).command().stream()
                    .filter(option -> option.startsWith("--server-id="))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(side.database() + " sets no --server-id"))
                    .substring("--server-id=".length());
            assertThat(ids.add(id))
                    .as("server id " + id + " of " + side.database())
                    .isTrue();
        }
        ModuleSettings.of(ROOT, "replicator").under("molt.replicator.pipelines").forEach((key, id) -> {
            if (key.endsWith(".server-id")) {
                assertThat(ids.add(id))
                        .as("server id " + id + " of pipeline " + key)
                        .isTrue();
            }
        });
    }

    @Test
    void eachDatabaseRunsItsOwnInitSql() {
        assertThat(COMPOSE.service("old-db").volumes())
                .containsEntry("./deploy/mysql/old", "/docker-entrypoint-initdb.d");
        assertThat(COMPOSE.service("new-db").volumes())
                .containsEntry("./deploy/mysql/new", "/docker-entrypoint-initdb.d");
        assertThat(OLD_SQL.databases()).containsExactly(OLD.schema());
        assertThat(NEW_SQL.databases()).containsExactly(NEW.schema(), STATE_SCHEMA);
    }

    @Test
    void eachCommandServiceMigratesAsTheOwnerOfItsSchemaAndRunsAsItsApplicationAccount() {
        for (Side side : List.of(OLD, NEW)) {
            Service command = COMPOSE.service(side.command());
            String owner = command.property("spring.flyway.user");
            String application = command.property("spring.datasource.username");

            assertThat(JdbcUrl.parse(command.property("spring.datasource.url")))
                    .isEqualTo(new JdbcUrl("mysql", side.database(), MYSQL_PORT, side.schema()));
            assertThat(side.sql().privileges(owner, side.schema() + ".*")).containsExactly("ALL PRIVILEGES");
            assertThat(command.setting("spring.flyway.password"))
                    .isEqualTo(side.sql().password(owner));
            assertThat(application).isNotEqualTo(owner);
            assertThat(side.sql().privileges(application, side.schema() + ".*")).isEmpty();
            assertThat(command.setting("spring.datasource.password"))
                    .isEqualTo(side.sql().password(application));
        }
    }

    @Test
    void eachQueryServiceConnectsAsAUserThatMayOnlySelectFromItsSchema() {
        for (Side side : List.of(OLD, NEW)) {
            Service query = COMPOSE.service(side.query());
            String user = query.property("spring.datasource.username");

            assertThat(JdbcUrl.parse(query.property("spring.datasource.url")))
                    .isEqualTo(new JdbcUrl("mysql", side.database(), MYSQL_PORT, side.schema()));
            assertThat(side.sql().grants(user))
                    .as("grants of " + user)
                    .containsExactly(new InitSql.Grant(side.schema() + ".*", Set.of("SELECT")));
            assertThat(query.setting("spring.datasource.password"))
                    .isEqualTo(side.sql().password(user));
            assertThat(query.properties()).doesNotContainKey("molt.query.require-read-only-user");
        }
    }

    @Test
    void theReplicatorReplicatesBetweenTheSchemasTheShopServicesUse() {
        Service replicator = COMPOSE.service("replicator");
        Map<String, Side> sides = Map.of("old", OLD, "new", NEW);

        sides.forEach((prefix, side) -> {
            String user = replicator.property("molt." + prefix + ".user");
            JdbcUrl url = JdbcUrl.parse(replicator.property("molt." + prefix + ".url"));
            JdbcUrl shop = JdbcUrl.parse(COMPOSE.service(side.command()).property("spring.datasource.url"));

            assertThat(url).isEqualTo(shop);
            assertThat(replicator.setting("molt." + prefix + ".password"))
                    .isEqualTo(side.sql().password(user));
            // reads the binlog and takes the snapshot lock (source of one pipeline) ...
            assertThat(side.sql().privileges(user, "*.*"))
                    .contains("REPLICATION SLAVE", "REPLICATION CLIENT", "RELOAD")
                    .doesNotContain("ALL PRIVILEGES", "SUPER");
            // ... writes heartbeats, rows, offsets, tombstones and schema history (target of the other)
            assertThat(side.sql().privileges(user, side.schema() + ".*"))
                    .contains("SELECT", "INSERT", "UPDATE", "DELETE", "CREATE");
        });
    }

    @Test
    void theGatewayProbesEachDatabaseAsAUserOfItsInitSql() {
        for (Service gateway : servicesOf("gateway")) {
            theGatewayProbesEachDatabaseAsAUserOfItsInitSql(gateway);
        }
    }

    private static void theGatewayProbesEachDatabaseAsAUserOfItsInitSql(Service gateway) {
        Map<String, Side> sides = Map.of("old-database", OLD, "new-database", NEW);

        sides.forEach((prefix, side) -> {
            String key = "molt.gateway.cutover." + prefix;
            JdbcUrl url = JdbcUrl.parse(gateway.property(key + ".url"));
            String user = gateway.property(key + ".username");

            assertThat(url.host()).isEqualTo(side.database());
            assertThat(url.port()).isEqualTo(MYSQL_PORT);
            assertThat(url.database()).isEqualTo(side.schema());
            assertThat(gateway.setting(key + ".password")).isEqualTo(side.sql().password(user));
            assertThat(side.sql().privileges(user, side.schema() + ".*")).contains("SELECT");
        });
    }

    @Test
    void everyJdbcUrlUsesADriverItsServiceShips() throws IOException {
        Map<String, String> drivers = Map.of("mysql", "mysql-connector-j", "mariadb", "mariadb-java-client");
        for (String module : MODULES) {
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            for (Map.Entry<String, String> property :
                    servicesOf(module).get(0).properties().entrySet()) {
                if (property.getValue().startsWith("jdbc:")) {
                    String scheme = JdbcUrl.parse(property.getValue()).scheme();
                    assertThat(drivers).as(module + " --" + property.getKey()).containsKey(scheme);
                    assertThat(pom.contains("<artifactId>" + drivers.get(scheme) + "</artifactId>"))
                            .as(module + " --" + property.getKey() + " needs " + drivers.get(scheme) + ", which "
                                    + module + "/pom.xml does not name")
                            .isTrue();
                }
            }
        }
    }

    @Test
    void theGatewayReplicasShareOneStateDatabaseAndTokenEachWithItsOwnIdAndAnAdminUrlThePeersReach() {
        int admin = ModuleSettings.of(ROOT, "gateway").port("molt.gateway.admin.port");
        Set<String> ids = new HashSet<>();
        for (Service gateway : servicesOf("gateway")) {
            JdbcUrl state = JdbcUrl.parse(gateway.property("molt.gateway.state.url"));
            String user = gateway.property("molt.gateway.state.username");

            assertThat(state).isEqualTo(new JdbcUrl("mariadb", NEW.database(), MYSQL_PORT, STATE_SCHEMA));
            assertThat(user).isEqualTo(gateway().property("molt.gateway.state.username"));
            assertThat(gateway.setting("molt.gateway.state.password")).isEqualTo(NEW_SQL.password(user));
            assertThat(NEW_SQL.privileges(user, STATE_SCHEMA + ".*"))
                    .as("the gateway creates its molt_gateway_* tables and compares-and-sets the stage")
                    .contains("CREATE", "SELECT", "INSERT", "UPDATE");
            assertThat(NEW_SQL.privileges(user, NEW.schema() + ".*")).isEmpty();
            assertThat(ids.add(gateway.property("molt.gateway.state.replica-id")))
                    .as("replica id of " + gateway.name())
                    .isTrue();
            assertThat(gateway.property("molt.gateway.state.admin-url"))
                    .isEqualTo("http://" + gateway.name() + ":" + admin);
        }
    }

    @Test
    void theBalancerSpreadsOverEveryReplicaAndChecksTheHealthOfEachOnItsActuator() throws IOException {
        Service balancer = COMPOSE.service("balancer");
        ModuleSettings gateway = ModuleSettings.of(ROOT, "gateway");
        String config = Files.readAllLines(ROOT.resolve(HAPROXY_CONFIG)).stream()
                .filter(line -> !line.strip().startsWith("#"))
                .collect(java.util.stream.Collectors.joining("\n"));

        assertThat(String.valueOf(balancer.get("image"))).startsWith("haproxy:");
        assertThat(balancer.volumes()).containsEntry("./" + HAPROXY_CONFIG, "/usr/local/etc/haproxy/haproxy.cfg");
        assertThat(config)
                .contains("bind :" + gateway.port("server.port"))
                .contains("balance roundrobin")
                .contains("option httpchk GET /actuator/health")
                .contains("check port " + gateway.port("management.server.port"))
                .as("no sticky sessions: the consistency token carries read-your-writes")
                .doesNotContain("cookie")
                .doesNotContain("stick");
        for (String replica : GATEWAYS) {
            assertThat(config).contains("server " + replica + " " + replica + ":" + gateway.port("server.port"));
        }
        assertThat(balancer.healthcheck()).contains("/healthz");
        assertThat(config).contains("monitor-uri /healthz");
    }

    /** Runs only where HAProxy is installed (apt-get install haproxy); the image's own version may be newer. */
    @Test
    void haproxyAcceptsTheBalancersConfiguration() throws Exception {
        assumeTrue(onPath("haproxy"), "haproxy is not on the PATH");
        Process check = new ProcessBuilder(
                        "haproxy", "-c", "-f", ROOT.resolve(HAPROXY_CONFIG).toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(check.waitFor()).as(output).isZero();
        assertThat(output).contains("Configuration file is valid");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null
                && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
