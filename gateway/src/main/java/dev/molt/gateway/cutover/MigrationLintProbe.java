package dev.molt.gateway.cutover;

import dev.molt.lint.Finding;
import dev.molt.lint.LintReport;
import dev.molt.lint.LintUsageException;
import dev.molt.lint.Linter;
import dev.molt.lint.LiveSchema;
import dev.molt.lint.MigrationFile;
import dev.molt.lint.MigrationLint;
import dev.molt.lint.Severity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The optional stage-2 check that NEW's pending migrations can go out in place by expand/contract,
 * as {@code ./molt lint --against} checks them: NEW's tables are copied into a temporary schema
 * {@code molt_lint_<random>} on NEW's own server, the migrations NEW's Flyway history lacks are
 * applied there and judged, and the schema is dropped. NEW's own schema is only read.
 */
@Component
class MigrationLintProbe {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code jdbc:mariadb://host:port/} | {@code database} | {@code ?options}. */
    private static final Pattern JDBC_URL = Pattern.compile("(jdbc:[a-z]+://[^/?]+/)([^?]*)(\\?.*)?");

    private final CutoverProperties properties;

    MigrationLintProbe(CutoverProperties properties) {
        this.properties = properties;
    }

    Optional<String> pendingBreakExpandContract() {
        CutoverProperties.Lint lint = properties.lint();
        if (!lint.enabled()) {
            return Optional.empty();
        }
        CutoverProperties.Database db = properties.newDatabase();
        if (!db.configured()) {
            return Optional.of("NEW database not configured (molt.gateway.cutover.new-database.url)");
        }
        String user = blank(lint.scratchUsername()) ? db.username() : lint.scratchUsername();
        String password = blank(lint.scratchUsername()) ? db.password() : lint.scratchPassword();
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String scratch = "molt_lint_" + HexFormat.of().formatHex(random);
        Matcher url = JDBC_URL.matcher(db.url());
        if (!url.matches()) {
            return Optional.of("cannot lint NEW's migrations: the NEW database URL " + db.url()
                    + " does not look like jdbc:<driver>://<host>/<database>");
        }
        String options = url.group(3) == null ? "" : url.group(3);
        String serverUrl = url.group(1) + options;
        String scratchUrl = url.group(1) + scratch + options;
        try {
            List<MigrationFile> migrations = MigrationFile.in(List.of(Path.of(lint.migrationsDir())));
            LiveSchema live = LiveSchema.read(db.url(), db.username(), db.password());
            execute(serverUrl, user, password, "CREATE DATABASE " + scratch);
            try {
                LintReport report = new Linter(() -> DriverManager.getConnection(scratchUrl, user, password))
                        .lint(migrations, live);
                return errors(report);
            } finally {
                execute(serverUrl, user, password, "DROP DATABASE IF EXISTS " + scratch);
            }
        } catch (LintUsageException e) {
            return Optional.of("cannot lint NEW's migrations: " + e.getMessage());
        } catch (SQLException e) {
            return Optional.of("cannot lint NEW's migrations in a temporary schema on NEW's server (the account needs"
                    + " CREATE and DROP on molt_lint_*: molt.gateway.cutover.lint.scratch-username): "
                    + e.getMessage());
        }
    }

    private static Optional<String> errors(LintReport report) {
        List<String> errors = new ArrayList<>();
        for (MigrationLint migration : report.migrations()) {
            for (Finding finding : migration.findings()) {
                if (finding.severity() == Severity.ERROR) {
                    errors.add(migration.file().fileName() + ": "
                            + finding.kind().label()
                            + (finding.table() == null ? "" : " " + finding.table())
                            + (finding.column() == null ? "" : "." + finding.column()) + ": " + finding.detail());
                }
            }
        }
        return errors.isEmpty()
                ? Optional.empty()
                : Optional.of(errors.size() + " expand/contract error(s) in NEW's pending migrations (./molt lint"
                        + " --against shows them all): " + String.join(" | ", errors));
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
