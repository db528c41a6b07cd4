package dev.molt.lint;

import static dev.molt.lint.Catalogues.catalogue;
import static dev.molt.lint.Catalogues.index;
import static dev.molt.lint.Catalogues.notNull;
import static dev.molt.lint.Catalogues.nullable;
import static dev.molt.lint.Catalogues.table;
import static dev.molt.lint.Catalogues.withDefault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.molt.lint.Catalogue.Column;
import dev.molt.lint.ExpandContractRules.Verdict;
import org.junit.jupiter.api.Test;

class ExpandContractRulesTests {

    private static final Column ID = notNull("id", "bigint(20)");

    private static Verdict judge(Catalogue before, Catalogue after, String sql) {
        return ExpandContractRules.judge(CatalogueDiff.between(before, after), RenameHints.of(SqlStatement.split(sql)));
    }

    private static Verdict judge(Catalogue before, Catalogue after) {
        return judge(before, after, "");
    }

    private static Finding only(Verdict verdict) {
        assertThat(verdict.findings()).hasSize(1);
        return verdict.findings().get(0);
    }

    @Test
    void aNullableOrDefaultedColumnGoesOutBeforeTheApp() {
        Verdict verdict = judge(
                catalogue(table("person", ID)),
                catalogue(table("person", ID, nullable("surname", "varchar(100)"), withDefault("n", "int(11)", "0"))));

        assertThat(verdict.order()).isEqualTo(Order.MIGRATION_FIRST);
        assertThat(verdict.findings())
                .extracting(Finding::kind, Finding::order, Finding::severity)
                .containsOnly(tuple(ChangeKind.ADD_COLUMN, Order.MIGRATION_FIRST, Severity.OK));
    }

    @Test
    void aNotNullColumnWithoutADefaultIsAnErrorBecauseTheOldAppsInsertsFail() {
        Finding finding = only(judge(
                catalogue(table("person", ID)), catalogue(table("person", ID, notNull("surname", "varchar(100)")))));

        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.order()).isEqualTo(Order.MIGRATION_FIRST);
        assertThat(finding.detail()).contains("G1's inserts", "fail on M2", "Give it a default");
    }

    @Test
    void droppingANotNullColumnWithoutADefaultNeedsAPreMigration() {
        Finding finding = only(judge(
                catalogue(table("person", ID, notNull("last_name", "varchar(100)"))), catalogue(table("person", ID))));

        assertThat(finding.kind()).isEqualTo(ChangeKind.DROP_COLUMN);
        assertThat(finding.order()).isEqualTo(Order.PRE_MIGRATION_FIRST);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.detail()).contains("pre-migration", "MODIFY last_name varchar(100) NULL", "G2");
    }

    @Test
    void droppingAColumnOnceThePreMigrationMadeItNullableIsAWarning() {
        Verdict verdict = judge(
                catalogue(table("person", ID, nullable("last_name", "varchar(100)"))), catalogue(table("person", ID)));

        assertThat(verdict.order()).isEqualTo(Order.PRE_MIGRATION_FIRST);
        assertThat(only(verdict).severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void aRenameTheSqlNamesIsAnErrorWhoseDetailLaysOutTheFourSteps() {
        Verdict verdict = judge(
                catalogue(table("person", ID, notNull("last_name", "varchar(100)"))),
                catalogue(table("person", ID, notNull("surname", "varchar(100)"))),
                "ALTER TABLE person RENAME COLUMN last_name TO surname;");

        Finding finding = only(verdict);
        assertThat(finding.kind()).isEqualTo(ChangeKind.RENAME_COLUMN);
        assertThat(finding.column()).isEqualTo("last_name");
        assertThat(finding.renamedTo()).isEqualTo("surname");
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.detail())
                .contains(
                        "(1) migration, M->G: ALTER TABLE person ADD COLUMN surname varchar(100) NULL",
                        "(2) no migration",
                        "(3) migration, M->G: UPDATE person SET surname = last_name",
                        "MODIFY last_name varchar(100) NULL",
                        "(4) migration, PM->G->M: ALTER TABLE person DROP COLUMN last_name");
    }

    @Test
    void anIndexThatOnlyFollowsARenamedColumnIsPartOfTheRename() {
        Verdict verdict = judge(
                catalogue(table(
                        "person", ID, notNull("last_name", "varchar(100)"), index("by_name", false, "last_name"))),
                catalogue(table("person", ID, notNull("surname", "varchar(100)"), index("by_name", false, "surname"))),
                "ALTER TABLE person RENAME COLUMN last_name TO surname;");

        assertThat(only(verdict).kind()).isEqualTo(ChangeKind.RENAME_COLUMN);
        assertThat(verdict.order()).isEqualTo(Order.NONE);
    }

    @Test
    void aDropAndAnAddOfTheSameTypeInOneMigrationIsALikelyRename() {
        Finding finding = only(judge(
                catalogue(table("person", ID, notNull("last_name", "varchar(100)"))),
                catalogue(table("person", ID, nullable("surname", "varchar(100)")))));

        assertThat(finding.kind()).isEqualTo(ChangeKind.RENAME_COLUMN);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.detail()).contains("likely a rename", "four steps");
    }

    @Test
    void aTableRenameIsAnErrorWithItsFourSteps() {
        Finding finding = only(judge(
                catalogue(table("person", ID)), catalogue(table("people", ID)), "RENAME TABLE person TO people;"));

        assertThat(finding.kind()).isEqualTo(ChangeKind.RENAME_TABLE);
        assertThat(finding.severity()).isEqualTo(Severity.ERROR);
        assertThat(finding.detail())
                .contains("CREATE TABLE people LIKE person", "(4) migration, G->M: DROP TABLE person");
    }

    @Test
    void addingOneTableAndDroppingAnotherInOneMigrationMustBeSplit() {
        Verdict verdict = judge(catalogue(table("person_import", ID)), catalogue(table("person_name_change", ID)));

        assertThat(verdict.order()).isEqualTo(Order.MIXED);
        assertThat(verdict.findings())
                .extracting(Finding::kind, Finding::order, Finding::severity)
                .containsExactly(
                        tuple(ChangeKind.CREATE_TABLE, Order.MIGRATION_FIRST, Severity.OK),
                        tuple(ChangeKind.DROP_TABLE, Order.APP_FIRST, Severity.WARNING),
                        tuple(ChangeKind.OTHER, Order.MIXED, Severity.ERROR));
        assertThat(verdict.findings().get(2).detail())
                .contains("create-table person_name_change", "drop-table person_import", "Split it");
    }

    @Test
    void aDropTableAndADropColumnAfterItsPreMigrationGoOutTogetherAfterTheApp() {
        Verdict verdict = judge(
                catalogue(table("person", ID, nullable("last_name", "varchar(100)")), table("person_import", ID)),
                catalogue(table("person", ID)));

        assertThat(verdict.order()).isEqualTo(Order.PRE_MIGRATION_FIRST);
        assertThat(verdict.findings()).extracting(Finding::severity).containsOnly(Severity.WARNING);
    }

    @Test
    void wideningAColumnIsSafeButAnyOtherTypeChangeIsAnError() {
        Verdict widened = judge(
                catalogue(table("person", ID, notNull("name", "varchar(50)"), notNull("n", "int(11)"))),
                catalogue(table("person", ID, notNull("name", "varchar(100)"), notNull("n", "bigint(20)"))));
        Verdict changed = judge(
                catalogue(table("person", ID, notNull("name", "varchar(50)"))),
                catalogue(table("person", ID, notNull("name", "int(11)"))));

        assertThat(widened.findings()).extracting(Finding::severity).containsOnly(Severity.OK);
        assertThat(only(changed).severity()).isEqualTo(Severity.ERROR);
        assertThat(only(changed).detail()).contains("Split it into add + drop");
    }

    @Test
    void settingNotNullWithoutADefaultIsAnErrorAndWithOneAWarning() {
        Verdict bare = judge(
                catalogue(table("person", ID, nullable("surname", "varchar(100)"))),
                catalogue(table("person", ID, notNull("surname", "varchar(100)"))));
        Verdict defaulted = judge(
                catalogue(table("person", ID, nullable("surname", "varchar(100)"))),
                catalogue(table("person", ID, withDefault("surname", "varchar(100)", "''"))));

        assertThat(only(bare).severity()).isEqualTo(Severity.ERROR);
        assertThat(bare.order()).isEqualTo(Order.APP_FIRST);
        assertThat(defaulted.findings())
                .extracting(Finding::kind, Finding::severity)
                .containsExactly(
                        tuple(ChangeKind.SET_NOT_NULL, Severity.WARNING), tuple(ChangeKind.SET_DEFAULT, Severity.OK));
    }

    @Test
    void aUniqueIndexWarnsAndAPlainOneIsFine() {
        Verdict verdict = judge(
                catalogue(table("person", ID)),
                catalogue(table("person", ID, index("by_email", true, "email"), index("by_name", false, "name"))));

        assertThat(verdict.findings())
                .extracting(Finding::kind, Finding::severity)
                .containsExactly(
                        tuple(ChangeKind.ADD_INDEX, Severity.WARNING), tuple(ChangeKind.ADD_INDEX, Severity.OK));
    }
}
