package dev.molt.gateway.cutover;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The two stage-2 checks that only the databases can answer: OLD writes a ROW/FULL binlog (else
 * change data capture misses or mangles rows) and NEW has its schema. Read-only, admin side only.
 */
@Component
class DatabaseProbe {

    private final CutoverProperties properties;

    DatabaseProbe(CutoverProperties properties) {
        this.properties = properties;
    }

    Optional<String> oldBinlogNotRowFull() {
        CutoverProperties.Database old = properties.oldDatabase();
        if (!old.configured()) {
            return Optional.of("OLD database not configured (molt.gateway.cutover.old-database.url)");
        }
        try (Connection connection = DriverManager.getConnection(old.url(), old.username(), old.password());
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("SELECT @@GLOBAL.log_bin, @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image")) {
            rs.next();
            List<String> problems = new ArrayList<>();
            if (!rs.getBoolean(1)) {
                problems.add("binary log is off");
            }
            if (!"ROW".equalsIgnoreCase(rs.getString(2))) {
                problems.add("binlog_format is " + rs.getString(2) + ", needs ROW");
            }
            if (!"FULL".equalsIgnoreCase(rs.getString(3))) {
                problems.add("binlog_row_image is " + rs.getString(3) + ", needs FULL");
            }
            return problems.isEmpty() ? Optional.empty() : Optional.of("OLD database: " + String.join("; ", problems));
        } catch (SQLException e) {
            return Optional.of("OLD database not readable: " + e.getMessage());
        }
    }

    Optional<String> newSchemaMissing() {
        CutoverProperties.Database db = properties.newDatabase();
        if (!db.configured()) {
            return Optional.of("NEW database not configured (molt.gateway.cutover.new-database.url)");
        }
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?")) {
            List<String> missing = new ArrayList<>();
            for (String table : db.requiredTables()) {
                statement.setString(1, table);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        missing.add(table);
                    }
                }
            }
            return missing.isEmpty()
                    ? Optional.empty()
                    : Optional.of("NEW schema not migrated: missing table(s) " + missing);
        } catch (SQLException e) {
            return Optional.of("NEW database not readable: " + e.getMessage());
        }
    }
}
