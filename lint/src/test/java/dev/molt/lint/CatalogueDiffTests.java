package dev.molt.lint;

import static dev.molt.lint.Catalogues.catalogue;
import static dev.molt.lint.Catalogues.index;
import static dev.molt.lint.Catalogues.notNull;
import static dev.molt.lint.Catalogues.nullable;
import static dev.molt.lint.Catalogues.table;
import static dev.molt.lint.Catalogues.withDefault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class CatalogueDiffTests {

    @Test
    void aCreatedOrDroppedTableIsOneChangeNotOnePerColumn() {
        Catalogue before = catalogue(table("person_import", notNull("id", "bigint(20)"), index("PRIMARY", true, "id")));
        Catalogue after = catalogue(table("person", notNull("id", "bigint(20)"), notNull("name", "varchar(100)")));

        assertThat(CatalogueDiff.between(before, after))
                .extracting(SchemaChange::kind, SchemaChange::table)
                .containsExactly(
                        tuple(ChangeKind.CREATE_TABLE, "person"), tuple(ChangeKind.DROP_TABLE, "person_import"));
    }

    @Test
    void eachColumnChangeIsNamed() {
        Catalogue before = catalogue(table(
                "person",
                notNull("id", "bigint(20)"),
                nullable("first_name", "varchar(50)"),
                notNull("last_name", "varchar(100)"),
                withDefault("country", "char(2)", "'KR'"),
                notNull("nickname", "varchar(20)")));
        Catalogue after = catalogue(table(
                "person",
                notNull("id", "bigint(20)"),
                notNull("first_name", "varchar(80)"),
                nullable("last_name", "varchar(100)"),
                notNull("country", "char(2)"),
                withDefault("nickname", "varchar(20)", "''"),
                nullable("surname", "varchar(100)")));

        assertThat(CatalogueDiff.between(before, after))
                .extracting(SchemaChange::kind, SchemaChange::column)
                .containsExactly(
                        tuple(ChangeKind.ADD_COLUMN, "surname"),
                        tuple(ChangeKind.CHANGE_COLUMN_TYPE, "first_name"),
                        tuple(ChangeKind.SET_NOT_NULL, "first_name"),
                        tuple(ChangeKind.DROP_NOT_NULL, "last_name"),
                        tuple(ChangeKind.DROP_DEFAULT, "country"),
                        tuple(ChangeKind.SET_DEFAULT, "nickname"));
    }

    @Test
    void indexesAddedDroppedAndChangedAreNamed() {
        Catalogue before = catalogue(table(
                "person",
                notNull("id", "bigint(20)"),
                index("by_name", false, "last_name"),
                index("by_email", false, "email")));
        Catalogue after = catalogue(table(
                "person",
                notNull("id", "bigint(20)"),
                index("by_email", true, "email"),
                index("by_surname", false, "surname")));

        assertThat(CatalogueDiff.between(before, after))
                .extracting(SchemaChange::kind, c -> c.index().name())
                .containsExactly(
                        tuple(ChangeKind.OTHER, "by_email"),
                        tuple(ChangeKind.ADD_INDEX, "by_surname"),
                        tuple(ChangeKind.DROP_INDEX, "by_name"));
    }
}
