package dev.molt.gateway.cutover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The declared target that gateway replicas share, one row of {@code molt_gateway_target} in the
 * state database, so that a target declared through one replica's admin API holds for the fleet:
 * every replica shows it and whichever holds the transition lock converges to it. Beside the target
 * the row keeps the fingerprint of the last target declared in a configuration, so that a replica
 * restarted with an unchanged configuration does not undo a later {@code PUT}: only a configuration
 * whose target differs from that fingerprint is a new declaration. Recording one is a
 * compare-and-set on the fingerprint, so replicas refreshed at once record it once. One connection,
 * reopened after a failure.
 */
final class SharedTarget implements AutoCloseable {

    static final String TABLE = "molt_gateway_target";
    /** The fingerprint of a configuration that declares no target. */
    static final String NONE = "none";

    private final StateConnection connection;

    SharedTarget(StateStoreProperties properties) {
        this.connection = new StateConnection(properties);
    }

    /** The target in force for the fleet (null: none) and the fingerprint of the last configuration's (null: never). */
    record Stored(StageTarget target, String configurationFingerprint) {}

    /** What identifies a configuration's declaration: stage, force and reason; {@link #NONE} for none. */
    static String fingerprint(StageTarget declared) {
        return declared == null
                ? NONE
                : "stage=" + declared.stage() + ";force=" + declared.force() + ";reason="
                        + Objects.toString(declared.reason(), "");
    }

    synchronized Stored read() {
        return run(c -> {
            try (Statement s = c.createStatement();
                    ResultSet row = s.executeQuery("SELECT stage, force_stages, reason, source, declared_at,"
                            + " configuration_fingerprint FROM " + TABLE + " WHERE id = 1")) {
                row.next();
                int stage = row.getInt(1);
                StageTarget target = row.wasNull()
                        ? null
                        : new StageTarget(
                                stage,
                                stages(row.getString(2)),
                                row.getString(3),
                                row.getString(4),
                                Instant.ofEpochMilli(row.getLong(5)));
                return new Stored(target, row.getString(6));
            }
        });
    }

    /** Makes {@code target} the fleet's, leaving the configuration's fingerprint as it is. */
    synchronized void declare(StageTarget target) {
        run(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                    + " SET stage = ?, force_stages = ?, reason = ?, source = ?, declared_at = ? WHERE id = 1")) {
                bindTarget(update, target);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Clears the fleet's target; true when there was one. */
    synchronized boolean clear() {
        return run(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("UPDATE " + TABLE + " SET stage = NULL, force_stages = NULL, reason = NULL,"
                                + " source = NULL, declared_at = NULL WHERE id = 1 AND stage IS NOT NULL")
                        == 1;
            }
        });
    }

    /**
     * Records a configuration's declaration ({@code target}, null to clear) with its fingerprint, if
     * the stored fingerprint is still {@code expected}; false when another replica recorded first.
     */
    synchronized boolean recordConfiguration(StageTarget target, String expected) {
        return run(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
                    + " SET stage = ?, force_stages = ?, reason = ?, source = ?, declared_at = ?,"
                    + " configuration_fingerprint = ? WHERE id = 1 AND configuration_fingerprint <=> ?")) {
                bindTarget(update, target);
                update.setString(6, fingerprint(target));
                update.setString(7, expected);
                return update.executeUpdate() == 1;
            }
        });
    }

    private static void bindTarget(PreparedStatement update, StageTarget target) throws SQLException {
        if (target == null) {
            update.setNull(1, Types.INTEGER);
            update.setNull(2, Types.VARCHAR);
            update.setNull(3, Types.VARCHAR);
            update.setNull(4, Types.VARCHAR);
            update.setNull(5, Types.BIGINT);
            return;
        }
        update.setInt(1, target.stage());
        update.setString(2, target.force().stream().map(String::valueOf).collect(Collectors.joining(",")));
        update.setString(3, target.reason());
        update.setString(4, target.source());
        update.setLong(5, target.since().toEpochMilli());
    }

    private static List<Integer> stages(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
    }

    @Override
    public synchronized void close() {
        connection.close();
    }

    /** Runs {@code work} on the connection, creating the table and its row on each new connection. */
    private <T> T run(StateConnection.Work<T> work) {
        return connection.run(SharedTarget::createTable, work);
    }

    private static Void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id TINYINT PRIMARY KEY, stage INT NULL,"
                    + " force_stages VARCHAR(100) NULL, reason TEXT NULL, source TEXT NULL,"
                    + " declared_at BIGINT NULL, configuration_fingerprint TEXT NULL)");
            s.execute("INSERT IGNORE INTO " + TABLE + " (id) VALUES (1)");
        }
        return null;
    }
}
