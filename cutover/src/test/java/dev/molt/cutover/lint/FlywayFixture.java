package dev.molt.cutover.lint;

import dev.molt.lint.MigrationFile;
import dev.molt.lint.SqlStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A live database as Flyway leaves it, for {@code --against}: the migrations applied and recorded
 * in {@code flyway_schema_history} (with a failed attempt at V99, which counts as not applied).
 */
public final class FlywayFixture {

    private FlywayFixture() {}

    public static void migrate(Connection connection, Path... migrations) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE flyway_schema_history ("
                    + " installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL,"
                    + " type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT,"
                    + " installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                    + " execution_time INT NOT NULL, success TINYINT(1) NOT NULL)");
            int rank = 0;
            for (Path path : migrations) {
                MigrationFile migration = MigrationFile.of(path);
                for (SqlStatement sql : SqlStatement.split(Files.readString(path, StandardCharsets.UTF_8))) {
                    statement.execute(sql.sql());
                }
                record(statement, ++rank, migration.version(), migration.fileName(), true);
            }
            record(statement, ++rank, "99", "V99__failed.sql", false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void record(Statement statement, int rank, String version, String script, boolean success)
            throws SQLException {
        statement.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                + " installed_by, execution_time, success) VALUES (" + rank + ", '" + version + "', '" + script
                + "', 'SQL', '" + script + "', 'test', 1, " + (success ? 1 : 0) + ")");
    }
}
