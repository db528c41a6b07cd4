package dev.molt.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LintReportTests {

    private static final LintReport REPORT = new LintReport(List.of(
            new MigrationLint(
                    MigrationFile.of(Path.of("V1__create_person.sql")),
                    Order.MIGRATION_FIRST,
                    List.of(new Finding(
                            ChangeKind.CREATE_TABLE,
                            "person",
                            null,
                            null,
                            Order.MIGRATION_FIRST,
                            Severity.OK,
                            "fine"))),
            new MigrationLint(
                    MigrationFile.of(Path.of("V2__rename.sql")),
                    Order.NONE,
                    List.of(new Finding(
                            ChangeKind.RENAME_COLUMN,
                            "person",
                            "last_name",
                            "surname",
                            Order.NONE,
                            Severity.ERROR,
                            "four steps")))));

    @Test
    void jsonListsMigrationsWithTheirChangesAndCountsErrorsAndWarnings() {
        JsonNode json = REPORT.toJson();

        assertThat(json.propertyNames()).containsExactly("migrations", "errors", "warnings");
        assertThat(json.path("errors").asInt()).isEqualTo(1);
        assertThat(json.path("warnings").asInt()).isZero();
        JsonNode second = json.path("migrations").get(1);
        assertThat(second.path("version").asString()).isEqualTo("2");
        assertThat(second.path("file").asString()).isEqualTo("V2__rename.sql");
        assertThat(second.path("order").asString()).isEqualTo("none");
        JsonNode change = second.path("changes").get(0);
        assertThat(change.propertyNames())
                .containsExactly("kind", "table", "column", "renamedTo", "order", "severity", "detail");
        assertThat(change.path("kind").asString()).isEqualTo("rename-column");
        assertThat(change.path("severity").asString()).isEqualTo("error");
        assertThat(json.path("migrations").get(0).path("changes").get(0).has("column"))
                .isFalse();
    }

    @Test
    void textShowsEachMigrationItsChangesAndATotal() {
        StringWriter text = new StringWriter();
        REPORT.printText(new PrintWriter(text));

        assertThat(text.toString())
                .contains("V1  V1__create_person.sql  order M->G")
                .contains("error    none      rename-column       person.last_name -> surname")
                .endsWith("2 migrations, 1 error, 0 warnings" + System.lineSeparator());
    }
}
