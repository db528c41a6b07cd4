package dev.molt.gateway.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The optional stage-2 guard {@code new-migrations-expand-contract}: NEW has V1 applied (Flyway's
 * history says so), the migrations directory holds a pending V2, and the guard lints V2 in a
 * temporary schema on NEW's server that is gone afterwards.
 */
class MigrationLintGuardIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final String SCRATCH_USER = "molt_lint_scratch";
    private static final String SCRATCH_PASSWORD = "pw_molt_lint_scratch";
    private static final String V1 = "CREATE TABLE person (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + " last_name VARCHAR(100) NOT NULL) ENGINE = InnoDB";

    @TempDir
    Path dir;

    private TestDatabase newDb;
    private Path migrations;

    @BeforeEach
    void migrateNewToV1() throws SQLException, IOException {
        newDb = DatabaseServer.newDatabase("gw_lint_new");
        DatabaseServer.shared()
                .execute(
                        "CREATE USER IF NOT EXISTS '" + SCRATCH_USER + "'@'%' IDENTIFIED BY '" + SCRATCH_PASSWORD + "'",
                        "GRANT ALL PRIVILEGES ON `molt\\_lint\\_%`.* TO '" + SCRATCH_USER + "'@'%'");
        try (Connection connection = newDb.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(V1);
            statement.execute("CREATE TABLE seafood (id BIGINT PRIMARY KEY)");
            statement.execute("CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY,"
                    + " version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL,"
                    + " script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL,"
                    + " installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL,"
                    + " success TINYINT(1) NOT NULL)");
            statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success)"
                    + " VALUES (1, '1', 'create person', 'SQL', 'V1__create_person.sql', 'test', 1, 1)");
        }
        migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("V1__create_person.sql"), V1 + ";\n");
    }

    private MigrationLintProbe probe(String migrationsDir, String scratchUser, String scratchPassword) {
        CutoverProperties.Database none = new CutoverProperties.Database(null, null, null, List.of());
        CutoverProperties.Database newDatabase =
                new CutoverProperties.Database(newDb.jdbcUrl(), newDb.user(), newDb.password(), List.of());
        return new MigrationLintProbe(new CutoverProperties(
                dir.resolve("cutover.json"),
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                none,
                newDatabase,
                new CutoverProperties.Lint(migrationsDir, scratchUser, scratchPassword)));
    }

    private List<String> lintSchemas() throws SQLException {
        try (Connection connection = newDb.connect();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA"
                                + " WHERE SCHEMA_NAME LIKE 'molt\\_lint\\_%'")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }

    @Test
    void withoutAMigrationsDirectoryTheGuardIsOff() {
        assertThat(probe("", "", "").pendingBreakExpandContract()).isEmpty();
    }

    @Test
    void aPendingExpandStepPassesAndLeavesNoScratchSchema() throws IOException, SQLException {
        Files.writeString(
                migrations.resolve("V2__add_surname.sql"), "ALTER TABLE person ADD COLUMN surname VARCHAR(100) NULL;");

        Optional<String> blocker =
                probe(migrations.toString(), SCRATCH_USER, SCRATCH_PASSWORD).pendingBreakExpandContract();

        assertThat(blocker).isEmpty();
        assertThat(lintSchemas()).isEmpty();
    }

    @Test
    void anAccountThatMayNotCreateTheScratchSchemaIsNamedWithTheProperty() throws IOException {
        Files.writeString(
                migrations.resolve("V2__add_surname.sql"), "ALTER TABLE person ADD COLUMN surname VARCHAR(100) NULL;");

        assertThat(probe(migrations.toString(), "", "").pendingBreakExpandContract())
                .hasValueSatisfying(
                        detail -> assertThat(detail).contains("molt.gateway.cutover.lint.scratch-username"));
    }

    @Test
    void stageTwoIsRefusedWithThePendingRenameAndNewIsLeftAsItWas() throws Exception {
        Files.writeString(
                migrations.resolve("V2__rename_last_name_to_surname.sql"),
                "ALTER TABLE person RENAME COLUMN last_name TO surname;");
        TestDatabase oldDb = DatabaseServer.newDatabase("gw_lint_old");
        ReplicatorStub replicator = fixture.replicator();
        Map<String, Object> properties = fixture.properties(
                0,
                Map.of(
                        "molt.gateway.cutover.old-database.url", oldDb.jdbcUrl(),
                        "molt.gateway.cutover.old-database.username", oldDb.user(),
                        "molt.gateway.cutover.old-database.password", oldDb.password(),
                        "molt.gateway.cutover.new-database.url", newDb.jdbcUrl(),
                        "molt.gateway.cutover.new-database.username", newDb.user(),
                        "molt.gateway.cutover.new-database.password", newDb.password(),
                        "molt.gateway.cutover.lint.migrations-dir", migrations.toString(),
                        "molt.gateway.cutover.lint.scratch-username", SCRATCH_USER,
                        "molt.gateway.cutover.lint.scratch-password", SCRATCH_PASSWORD));
        try (RunningGateway gateway = RunningGateway.start(properties)) {
            HttpResponse<String> refused = gateway.admin("POST", "/admin/cutover/advance");

            assertThat(refused.statusCode()).isEqualTo(409);
            JsonNode blockers = Json.of(refused).get("blockers");
            assertThat(blockers.findValuesAsString("guard")).containsExactly("new-migrations-expand-contract");
            assertThat(blockers.get(0).get("detail").asString())
                    .contains("V2__rename_last_name_to_surname.sql: rename-column person.last_name", "four steps");
            assertThat(replicator.calls()).isEmpty();
        }
        assertThat(lintSchemas()).isEmpty();
        try (Connection connection = newDb.connect();
                ResultSet columns = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'person' ORDER BY ORDINAL_POSITION")) {
            List<String> names = new ArrayList<>();
            while (columns.next()) {
                names.add(columns.getString(1));
            }
            assertThat(names).containsExactly("id", "last_name");
        }
    }
}
