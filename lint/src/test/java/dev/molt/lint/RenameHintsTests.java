package dev.molt.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.molt.lint.RenameHints.Rename;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenameHintsTests {

    private static RenameHints of(String sql) {
        return RenameHints.of(SqlStatement.split(sql));
    }

    @Test
    void renameColumnAndChangeColumnNameAColumnRename() {
        RenameHints hints = of("ALTER TABLE `person` RENAME COLUMN last_name TO surname;"
                + "ALTER TABLE shop.person CHANGE COLUMN `first_name` given_name VARCHAR(100) NOT NULL,"
                + " MODIFY price DECIMAL(12,2) NOT NULL, CHANGE nickname nickname VARCHAR(10);");

        assertThat(hints.columns())
                .containsExactly(
                        new Rename("person", "last_name", "surname"), new Rename("person", "first_name", "given_name"));
        assertThat(hints.tables()).isEmpty();
    }

    @Test
    void renameTableAndAlterTableRenameNameATableRename() {
        RenameHints hints = of("RENAME TABLE person TO people, a TO b; ALTER TABLE c RENAME TO d;"
                + " ALTER TABLE e RENAME INDEX i TO j;");

        assertThat(hints.tables())
                .containsExactly(
                        new Rename(null, "person", "people"), new Rename(null, "a", "b"), new Rename(null, "c", "d"));
        assertThat(hints.columns()).isEmpty();
    }

    @Test
    void clausesSplitOnlyAtTopLevelCommas() {
        assertThat(RenameHints.clauses("ADD x DECIMAL(12,2) DEFAULT 'a,b', DROP y"))
                .isEqualTo(List.of("ADD x DECIMAL(12,2) DEFAULT 'a,b'", "DROP y"));
    }
}
