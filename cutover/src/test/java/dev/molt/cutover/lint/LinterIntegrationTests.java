package dev.molt.cutover.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.molt.cutover.stack.DatabaseAccess;
import dev.molt.cutover.stack.ProjectRoot;
import dev.molt.cutover.stack.ScratchDatabase;
import dev.molt.lint.ChangeKind;
import dev.molt.lint.Finding;
import dev.molt.lint.LintReport;
import dev.molt.lint.LintUsageException;
import dev.molt.lint.Linter;
import dev.molt.lint.LiveSchema;
import dev.molt.lint.MigrationFile;
import dev.molt.lint.MigrationLint;
import dev.molt.lint.Order;
import dev.molt.lint.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The person example of the expand/contract rules, done wrong four ways and done right, and Molt's
 * own migrations, each linted on a fresh schema of one scratch MariaDB.
 */
class LinterIntegrationTests {

    private static final Path EXAMPLES = Path.of("src/test/resources/lint");

    private static ScratchDatabase scratch;

    @TempDir
    Path dir;

    @BeforeAll
    static void startScratchDatabase() {
        scratch = ScratchDatabase.start();
    }

    @AfterAll
    static void stopScratchDatabase() {
        scratch.close();
    }

    private static LintReport lint(String... exampleDirs) {
        return lint(Arrays.stream(exampleDirs).map(EXAMPLES::resolve).toList());
    }

    private static LintReport lint(List<Path> dirs) {
        DatabaseAccess schema = scratch.newSchema();
        return new Linter(schema::connect).lint(MigrationFile.in(dirs));
    }

    private static MigrationLint last(LintReport report) {
        return report.migrations().get(report.migrations().size() - 1);
    }

    @Test
    void aDirectRenameIsAnErrorWhoseDetailLaysOutTheFourSteps() {
        LintReport report = lint("person", "rename-directly");

        MigrationLint rename = last(report);
        assertThat(rename.file().fileName()).isEqualTo("V2__rename_last_name_to_surname.sql");
        assertThat(rename.order()).isEqualTo(Order.NONE);
        assertThat(rename.findings())
                .extracting(Finding::kind, Finding::table, Finding::column, Finding::renamedTo, Finding::severity)
                .containsExactly(tuple(ChangeKind.RENAME_COLUMN, "person", "last_name", "surname", Severity.ERROR));
        assertThat(rename.findings().get(0).detail())
                .contains(
                        "four steps",
                        "(1) migration, M->G",
                        "(2) no migration",
                        "(3) migration, M->G",
                        "(4) migration");
        assertThat(report.errors()).isEqualTo(1);
    }

    @Test
    void aNotNullColumnWithoutADefaultIsAnError() {
        MigrationLint added = last(lint("person", "surname-not-null"));

        assertThat(added.order()).isEqualTo(Order.MIGRATION_FIRST);
        assertThat(added.findings())
                .extracting(Finding::kind, Finding::column, Finding::order, Finding::severity)
                .containsExactly(tuple(ChangeKind.ADD_COLUMN, "surname", Order.MIGRATION_FIRST, Severity.ERROR));
        assertThat(added.findings().get(0).detail()).contains("Give it a default");
    }

    @Test
    void aDropWithoutThePreMigrationIsAnError() {
        LintReport report = lint("person", "drop-without-pre-migration");

        assertThat(report.migrations())
                .extracting(MigrationLint::order)
                .containsExactly(
                        Order.MIGRATION_FIRST, Order.MIGRATION_FIRST, Order.MIGRATION_FIRST, Order.PRE_MIGRATION_FIRST);
        assertThat(last(report).findings())
                .extracting(Finding::kind, Finding::column, Finding::order, Finding::severity)
                .containsExactly(tuple(ChangeKind.DROP_COLUMN, "last_name", Order.PRE_MIGRATION_FIRST, Severity.ERROR));
        assertThat(last(report).findings().get(0).detail()).contains("pre-migration", "MODIFY last_name");
        assertThat(report.errors()).isEqualTo(1);
    }

    @Test
    void aMigrationThatAddsOneTableAndDropsAnotherMustBeSplit() {
        MigrationLint mixed = last(lint("person", "add-and-drop-tables"));

        assertThat(mixed.order()).isEqualTo(Order.MIXED);
        assertThat(mixed.findings())
                .extracting(Finding::kind, Finding::table, Finding::order, Finding::severity)
                .containsExactly(
                        tuple(ChangeKind.CREATE_TABLE, "person_name_change", Order.MIGRATION_FIRST, Severity.OK),
                        tuple(ChangeKind.DROP_TABLE, "person_import", Order.APP_FIRST, Severity.WARNING),
                        tuple(ChangeKind.OTHER, null, Order.MIXED, Severity.ERROR));
        assertThat(mixed.findings().get(2).detail()).contains("Split it");
    }

    @Test
    void theFourStepsPassWithOnlyTheDropWarned() {
        LintReport report = lint("person", "expand-contract");

        assertThat(report.errors()).isZero();
        assertThat(report.migrations())
                .extracting(m -> m.file().version(), MigrationLint::order)
                .containsExactly(
                        tuple("1", Order.MIGRATION_FIRST),
                        tuple("2", Order.MIGRATION_FIRST),
                        tuple("3", Order.MIGRATION_FIRST),
                        tuple("4", Order.PRE_MIGRATION_FIRST));
        assertThat(report.migrations().get(1).findings())
                .extracting(Finding::kind, Finding::severity)
                .containsExactly(tuple(ChangeKind.ADD_COLUMN, Severity.OK));
        assertThat(report.migrations().get(2).findings())
                .extracting(Finding::kind, Finding::severity)
                .containsExactly(tuple(ChangeKind.DROP_NOT_NULL, Severity.OK));
        assertThat(last(report).findings())
                .extracting(Finding::kind, Finding::severity)
                .containsExactly(tuple(ChangeKind.DROP_COLUMN, Severity.WARNING));
    }

    @Test
    void moltsOwnMigrationsPass() {
        Path root = ProjectRoot.find();
        for (String dir :
                List.of("old-command/src/main/resources/db/squid", "new-command/src/main/resources/db/seafood")) {
            LintReport report = lint(List.of(root.resolve(dir)));

            assertThat(report.migrations()).as(dir).isNotEmpty();
            assertThat(report.errors()).as(dir).isZero();
            assertThat(report.warnings()).as(dir).isZero();
        }
    }

    @Test
    void sqlTheDatabaseRefusesIsAUsageErrorNamingTheFileAndTheLine() throws IOException {
        Files.writeString(
                dir.resolve("V1__typo.sql"),
                "-- a typo on line 3\nCREATE TABLE a (id INT);\nCREAT TABLE b (id INT);\n");

        assertThatThrownBy(() -> lint(List.of(dir)))
                .isInstanceOf(LintUsageException.class)
                .hasMessageContaining("V1__typo.sql line 3")
                .hasMessageContaining("refuses");
    }

    @Test
    void againstALiveDatabaseOnlyThePendingMigrationsAreLintedFromItsTables() throws SQLException {
        DatabaseAccess live = scratch.newSchema();
        try (Connection connection = live.connect()) {
            FlywayFixture.migrate(connection, EXAMPLES.resolve("person/V1__create_person.sql"));
        }

        DatabaseAccess schema = scratch.newSchema();
        LintReport report = new Linter(schema::connect)
                .lint(
                        MigrationFile.in(List.of(EXAMPLES.resolve("person"), EXAMPLES.resolve("rename-directly"))),
                        LiveSchema.read(live.url(), live.user(), live.password()));

        assertThat(report.migrations()).extracting(m -> m.file().version()).containsExactly("2");
        assertThat(last(report).findings()).extracting(Finding::kind).containsExactly(ChangeKind.RENAME_COLUMN);
    }
}
