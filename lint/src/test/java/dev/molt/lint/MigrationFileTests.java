package dev.molt.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationFileTests {

    @TempDir
    Path dir;

    @Test
    void aFlywayNameGivesVersionAndDescription() {
        MigrationFile file = MigrationFile.of(Path.of("V2_1__add_surname.sql"));

        assertThat(file.version()).isEqualTo("2.1");
        assertThat(file.description()).isEqualTo("add surname");
    }

    @Test
    void migrationsComeInVersionOrderAsNumbersNotAsTextAndHiddenFilesAreSkipped() throws IOException {
        for (String name : List.of("V10__c.sql", "V2__b.sql", "V1.1__a2.sql", "V1__a.sql", ".gitkeep")) {
            Files.writeString(dir.resolve(name), "SELECT 1;");
        }

        assertThat(MigrationFile.in(List.of(dir)))
                .extracting(MigrationFile::fileName)
                .containsExactly("V1__a.sql", "V1.1__a2.sql", "V2__b.sql", "V10__c.sql");
    }

    @Test
    void trailingZeroPartsAreTheSameVersionAsFlywaySeesIt() {
        assertThat(MigrationFile.parts("1.0"))
                .isEqualTo(MigrationFile.of(Path.of("V1__a.sql")).versionParts());
    }

    @Test
    void aFileThatIsNotAMigrationIsAUsageErrorNamingIt() throws IOException {
        Files.writeString(dir.resolve("create_person.sql"), "SELECT 1;");

        assertThatThrownBy(() -> MigrationFile.in(List.of(dir)))
                .isInstanceOf(LintUsageException.class)
                .hasMessageContaining("create_person.sql")
                .hasMessageContaining("V<version>__<description>.sql");
    }

    @Test
    void theSameVersionTwiceIsAUsageError() throws IOException {
        Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("V1.0__b.sql"), "SELECT 1;");

        assertThatThrownBy(() -> MigrationFile.in(List.of(dir)))
                .isInstanceOf(LintUsageException.class)
                .hasMessageContaining("two migrations with version");
    }

    @Test
    void aMissingDirectoryIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> MigrationFile.in(List.of(missing)))
                .isInstanceOf(LintUsageException.class)
                .hasMessage("no such directory: " + missing);
    }
}
