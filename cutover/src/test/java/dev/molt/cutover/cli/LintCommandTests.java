package dev.molt.cutover.cli;

import static dev.molt.cutover.cli.LintOutcome.molt;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong use of {@code ./molt lint} that is found before any database starts: exit 2 and a plain message. */
class LintCommandTests {

    @TempDir
    Path dir;

    @Test
    void aDirectoryThatIsNotThereExitsWith2NamingIt() {
        LintOutcome outcome = molt("lint", dir.resolve("nowhere").toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("molt lint: no such directory: " + dir.resolve("nowhere") + "\n");
        assertThat(outcome.out()).isEmpty();
    }

    @Test
    void aFileThatIsNotAMigrationExitsWith2NamingIt() throws IOException {
        Files.writeString(dir.resolve("V1__create_person.sql"), "CREATE TABLE person (id INT);");
        Files.writeString(dir.resolve("notes.txt"), "not SQL");

        LintOutcome outcome = molt("lint", dir.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("notes.txt is not a Flyway migration", "V<version>__<description>.sql");
    }

    @Test
    void lintWithoutADirectoryIsWrongUse() {
        LintOutcome outcome = molt("lint");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("DIR");
    }

    @Test
    void helpNamesTheExitCodesAndWhatIsNotSupported() {
        LintOutcome outcome = molt("lint", "--help");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("--against=JDBC_URL", "--format=text|json", "Exit status: 0", "${...}");
    }
}
