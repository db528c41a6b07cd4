package dev.molt.cutover.cli;

import dev.molt.cutover.stack.DatabaseAccess;
import dev.molt.cutover.stack.ScratchDatabase;
import dev.molt.lint.LintReport;
import dev.molt.lint.LintUsageException;
import dev.molt.lint.Linter;
import dev.molt.lint.LiveSchema;
import dev.molt.lint.MigrationFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./molt lint}: applies Flyway migrations to a scratch MariaDB and says, change by change,
 * whether they can go out in place with expand/contract. Exit 0 without errors, 1 with one, 2 on
 * wrong use (no such directory, a file that is not a migration, SQL the database refuses).
 */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = "Check Flyway migrations against the expand/contract rules; exit 1 on an error.",
        footer = {
            "Exit status: 0 no error, 1 an error, 2 wrong use (no such directory, a file that is not a migration,"
                    + " SQL the database refuses).",
            "Flyway placeholders ($${...}) and DELIMITER are not supported; repeatable (R__) migrations are not linted."
        })
final class LintCommand implements Callable<Integer> {

    enum Format {
        TEXT,
        JSON
    }

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "directories of V<version>__<description>.sql files")
    List<Path> directories;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "text|json",
            description = "a table people read, or JSON (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(
            names = "--against",
            paramLabel = "JDBC_URL",
            description = "lint only what this live database has not applied, starting from its tables (read-only)")
    String against;

    @Option(names = "--user", description = "the live database's user (with --against)")
    String user;

    @Option(
            names = "--password",
            description = "the live database's password (with --against; default: env MOLT_LINT_PASSWORD)")
    String password;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<MigrationFile> migrations = MigrationFile.in(directories);
            LiveSchema live = against == null ? LiveSchema.empty() : readLive();
            LintReport report;
            try (ScratchDatabase scratch = ScratchDatabase.start()) {
                DatabaseAccess schema = scratch.newSchema();
                report = new Linter(schema::connect).lint(migrations, live);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.JSON) {
                out.println(report.toJson().toPrettyString());
                out.flush();
            } else {
                report.printText(out);
            }
            return report.errors() == 0 ? 0 : 1;
        } catch (LintUsageException e) {
            err.println("molt lint: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private LiveSchema readLive() {
        return LiveSchema.read(against, user, password != null ? password : System.getenv("MOLT_LINT_PASSWORD"));
    }
}
