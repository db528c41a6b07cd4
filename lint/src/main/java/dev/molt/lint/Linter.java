package dev.molt.lint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies migrations one by one to a scratch schema and judges what each changed. The database
 * itself says what a migration did (its catalogue before and after), so any SQL it accepts is
 * understood; a statement it refuses is a usage error naming the file and the line.
 */
public final class Linter {

    /** Opens a connection to an empty scratch schema that lint may change at will. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource scratch;

    public Linter(ConnectionSource scratch) {
        this.scratch = scratch;
    }

    /** Lints every migration, starting from an empty schema. */
    public LintReport lint(List<MigrationFile> migrations) {
        return lint(migrations, LiveSchema.empty());
    }

    /** Lints the migrations the live schema has not applied, starting from a copy of its tables. */
    public LintReport lint(List<MigrationFile> migrations, LiveSchema live) {
        List<MigrationLint> results = new ArrayList<>();
        try (Connection connection = scratch.open()) {
            live.recreateIn(connection);
            Catalogue before = Catalogue.read(connection);
            for (MigrationFile migration : migrations) {
                if (live.applied(migration)) {
                    continue;
                }
                List<SqlStatement> statements = SqlStatement.split(read(migration));
                apply(connection, migration, statements);
                Catalogue after = Catalogue.read(connection);
                ExpandContractRules.Verdict verdict =
                        ExpandContractRules.judge(CatalogueDiff.between(before, after), RenameHints.of(statements));
                results.add(new MigrationLint(migration, verdict.order(), verdict.findings()));
                before = after;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the scratch database failed: " + e.getMessage(), e);
        }
        return new LintReport(results);
    }

    private static void apply(Connection connection, MigrationFile migration, List<SqlStatement> statements) {
        try (Statement statement = connection.createStatement()) {
            for (SqlStatement sql : statements) {
                try {
                    statement.execute(sql.sql());
                } catch (SQLException e) {
                    throw new LintUsageException(migration.path() + " line " + sql.line()
                            + ": the database refuses the statement: " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the scratch database failed: " + e.getMessage(), e);
        }
    }

    private static String read(MigrationFile migration) {
        try {
            return Files.readString(migration.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LintUsageException("cannot read " + migration.path() + ": " + e.getMessage(), e);
        }
    }
}
