package dev.molt.cutover.cli;

import static dev.molt.cutover.cli.LintOutcome.molt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.cutover.lint.FlywayFixture;
import dev.molt.cutover.stack.DatabaseAccess;
import dev.molt.cutover.stack.ScratchDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ./molt lint} end to end: each run starts its own scratch MariaDB and stops it. */
class LintCommandIntegrationTests {

    private static final Path EXAMPLES = Path.of("src/test/resources/lint");

    @TempDir
    Path dir;

    @Test
    void aRenameExitsWith1AndTheTableNamesIt() {
        LintOutcome outcome = molt(
                "lint",
                EXAMPLES.resolve("person").toString(),
                EXAMPLES.resolve("rename-directly").toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out())
                .contains("V2  V2__rename_last_name_to_surname.sql  order none")
                .contains("error    none      rename-column       person.last_name -> surname")
                .contains("2 migrations, 1 error, 0 warnings");
        assertThat(outcome.err()).isEmpty();
    }

    @Test
    void sqlTheDatabaseRefusesExitsWith2NamingTheFileAndTheLine() throws IOException {
        Files.writeString(dir.resolve("V1__typo.sql"), "CREATE TABLE a (id INT);\n\nALTER TABLE a ADD COLUMN;\n");

        LintOutcome outcome = molt("lint", dir.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("molt lint: " + dir.resolve("V1__typo.sql") + " line 3: ");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void againstALiveDatabaseOnlyItsPendingMigrationsAreLintedAndPrintedAsJson() throws SQLException {
        try (ScratchDatabase server = ScratchDatabase.start()) {
            DatabaseAccess live = server.newSchema();
            try (Connection connection = live.connect()) {
                FlywayFixture.migrate(connection, EXAMPLES.resolve("person/V1__create_person.sql"));
            }

            LintOutcome outcome = molt(
                    "lint",
                    "--format",
                    "json",
                    "--against",
                    live.url(),
                    "--user",
                    live.user(),
                    "--password",
                    live.password(),
                    EXAMPLES.resolve("person").toString(),
                    EXAMPLES.resolve("expand-contract").toString());

            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            JsonNode json = JsonMapper.builder().build().readTree(outcome.out());
            assertThat(json.propertyNames()).containsExactly("migrations", "errors", "warnings");
            assertThat(json.path("errors").asInt()).isZero();
            assertThat(json.path("warnings").asInt()).isEqualTo(1);
            assertThat(json.path("migrations")
                            .valueStream()
                            .map(m -> m.path("version").asString()))
                    .containsExactly("2", "3", "4");
            JsonNode drop = json.path("migrations").get(2);
            assertThat(drop.path("file").asString()).isEqualTo("V4__drop_last_name.sql");
            assertThat(drop.path("order").asString()).isEqualTo("PM->G->M");
            JsonNode change = drop.path("changes").get(0);
            assertThat(change.propertyNames())
                    .containsExactly("kind", "table", "column", "order", "severity", "detail");
            assertThat(change.path("kind").asString()).isEqualTo("drop-column");
            assertThat(change.path("column").asString()).isEqualTo("last_name");
            assertThat(change.path("severity").asString()).isEqualTo("warning");
        }
    }
}
