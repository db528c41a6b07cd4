package dev.molt.gateway.cutover;

import dev.molt.gateway.clients.CallTimes;
import dev.molt.gateway.clients.ClientUsage;
import dev.molt.gateway.routing.RouteGroup;
import dev.molt.gateway.routing.Target;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cutover state that gateway replicas share, in three small tables of the state database: the
 * stage with its epoch (one row), the history (one row per line) and the guard clocks (one row per
 * route group and target). Every stage change is a compare-and-set on the epoch, so of two replicas
 * moving from the same stage exactly one wins and the other learns the winner's stage; the clocks
 * only ever move forward ({@code GREATEST}), so replicas writing them at once lose no call. One
 * connection, reopened after a failure; the callers are a poller and the transitions, never a
 * request's path.
 */
final class SharedStage implements AutoCloseable {

    static final String STAGE_TABLE = "molt_gateway_stage";
    static final String HISTORY_TABLE = "molt_gateway_history";
    static final String CALLS_TABLE = "molt_gateway_calls";
    static final String REPLICA_TABLE = "molt_gateway_replica";
    static final String SECRET_TABLE = "molt_gateway_secret";
    static final String CLIENT_TABLE = "molt_gateway_client";

    private final StateStoreProperties properties;
    private final JsonMapper json = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final StateConnection connection;

    SharedStage(StateStoreProperties properties) {
        this.properties = properties;
        this.connection = new StateConnection(properties);
    }

    /** What the stage row says, and the last history line's number (to notice lines other replicas add). */
    record Snapshot(int stage, long epoch, Long enteredAt, long lastHistorySeq) {}

    /**
     * Creates the tables where absent and, where no replica stored a stage yet, stores {@code stage}
     * and {@code history} (what this gateway's state file says) at epoch 0. Returns what is stored.
     */
    synchronized Snapshot seed(int stage, Long enteredAt, List<HistoryEntry> history) {
        return run(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + STAGE_TABLE + " (id TINYINT PRIMARY KEY,"
                        + " stage INT NOT NULL, epoch BIGINT NOT NULL, entered_at BIGINT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE
                        + " (seq BIGINT AUTO_INCREMENT PRIMARY KEY, entry TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS " + TransitionLock.TABLE + " (LOCK_KEY CHAR(36) NOT NULL,"
                        + " REGION VARCHAR(100) NOT NULL, CLIENT_ID CHAR(36), CREATED_DATE DATETIME(6) NOT NULL,"
                        + " EXPIRED_AFTER DATETIME(6) NOT NULL, PRIMARY KEY (LOCK_KEY, REGION))");
                s.execute("CREATE TABLE IF NOT EXISTS " + CLIENT_TABLE + " (client VARCHAR(64) PRIMARY KEY,"
                        + " last_old_api_call BIGINT NOT NULL, last_new_api_call BIGINT NOT NULL,"
                        + " replica VARCHAR(200) NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS " + SECRET_TABLE
                        + " (name VARCHAR(100) PRIMARY KEY, secret VARBINARY(256) NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS " + REPLICA_TABLE + " (id VARCHAR(200) PRIMARY KEY,"
                        + " admin_url VARCHAR(500) NOT NULL, stage INT NOT NULL, epoch BIGINT NOT NULL,"
                        + " last_check_in BIGINT NOT NULL)");
                s.execute(
                        "CREATE TABLE IF NOT EXISTS " + CALLS_TABLE + " (route_group VARCHAR(40) NOT NULL,"
                                + " target VARCHAR(10) NOT NULL, last_call BIGINT NOT NULL, PRIMARY KEY (route_group, target))");
            }
            int inserted;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT IGNORE INTO " + STAGE_TABLE + " (id, stage, epoch, entered_at) VALUES (1, ?, 0, ?)")) {
                insert.setInt(1, stage);
                insert.setObject(2, enteredAt);
                inserted = insert.executeUpdate();
            }
            if (inserted == 1) {
                for (HistoryEntry entry : history) {
                    insertHistory(c, entry);
                }
            }
            return snapshot(c);
        });
    }

    synchronized Snapshot read() {
        return run(SharedStage::snapshot);
    }

    /** Moves the stage to {@code stage} if it is still at {@code epoch}; false when another replica moved it first. */
    synchronized boolean compareAndSet(long epoch, int stage, long enteredAt) {
        return run(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + STAGE_TABLE
                    + " SET stage = ?, epoch = epoch + 1, entered_at = ? WHERE id = 1 AND epoch = ?")) {
                update.setInt(1, stage);
                update.setLong(2, enteredAt);
                update.setLong(3, epoch);
                return update.executeUpdate() == 1;
            }
        });
    }

    synchronized void append(HistoryEntry entry) {
        run(c -> {
            insertHistory(c, entry);
            return null;
        });
    }

    /** The last {@code max} history lines, oldest first. */
    synchronized List<HistoryEntry> history(int max) {
        return run(c -> {
            List<HistoryEntry> entries = new ArrayList<>();
            try (PreparedStatement select =
                    c.prepareStatement("SELECT entry FROM " + HISTORY_TABLE + " ORDER BY seq DESC LIMIT ?")) {
                select.setInt(1, max);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(json.readValue(rows.getString(1), HistoryEntry.class));
                    }
                }
            }
            Collections.reverse(entries);
            return List.copyOf(entries);
        });
    }

    /** Stores the later of each stored clock and {@code mine}, and returns every replica's latest. */
    synchronized CallTimes mergeCallTimes(CallTimes mine) {
        return run(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + CALLS_TABLE
                    + " (route_group, target, last_call) VALUES (?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE last_call = GREATEST(last_call, VALUES(last_call))")) {
                for (RouteGroup group : RouteGroup.values()) {
                    for (Target target : Target.values()) {
                        long at = mine.of(group, target);
                        if (at > 0) {
                            upsert.setString(1, group.name());
                            upsert.setString(2, target.name());
                            upsert.setLong(3, at);
                            upsert.addBatch();
                        }
                    }
                }
                upsert.executeBatch();
            }
            Map<RouteGroup, Map<Target, Long>> times = new EnumMap<>(RouteGroup.class);
            try (Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT route_group, target, last_call FROM " + CALLS_TABLE)) {
                while (rows.next()) {
                    RouteGroup group = enumOrNull(RouteGroup.class, rows.getString(1));
                    Target target = enumOrNull(Target.class, rows.getString(2));
                    if (group != null && target != null) {
                        times.computeIfAbsent(group, g -> new HashMap<>()).put(target, rows.getLong(3));
                    }
                }
            }
            return new CallTimes(times);
        });
    }

    /** One replica as it last checked in. */
    record Replica(String id, String adminUrl, int stage, long epoch, long lastCheckIn) {}

    /** Records that replica {@code id} is alive at {@code now} and routes {@code stage} at {@code epoch}. */
    synchronized void checkIn(String id, String adminUrl, int stage, long epoch, long now) {
        run(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + REPLICA_TABLE
                    + " (id, admin_url, stage, epoch, last_check_in) VALUES (?, ?, ?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE admin_url = VALUES(admin_url), stage = VALUES(stage),"
                    + " epoch = VALUES(epoch), last_check_in = VALUES(last_check_in)")) {
                upsert.setString(1, id);
                upsert.setString(2, adminUrl);
                upsert.setInt(3, stage);
                upsert.setLong(4, epoch);
                upsert.setLong(5, now);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    /** The replicas that checked in since {@code since} (epoch millis), by id. */
    synchronized List<Replica> replicas(long since) {
        return run(c -> {
            List<Replica> replicas = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT id, admin_url, stage, epoch, last_check_in FROM "
                    + REPLICA_TABLE + " WHERE last_check_in >= ? ORDER BY id")) {
                select.setLong(1, since);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        replicas.add(new Replica(
                                rows.getString(1),
                                rows.getString(2),
                                rows.getInt(3),
                                rows.getLong(4),
                                rows.getLong(5)));
                    }
                }
            }
            return List.copyOf(replicas);
        });
    }

    /** Stores the later of each stored and given last call per client, in one batch. */
    synchronized void mergeClients(String replica, List<ClientUsage.ClientView> clients) {
        if (clients.isEmpty()) {
            return;
        }
        run(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + CLIENT_TABLE
                    + " (client, last_old_api_call, last_new_api_call, replica) VALUES (?, ?, ?, ?)"
                    + " ON DUPLICATE KEY UPDATE"
                    + " last_old_api_call = GREATEST(last_old_api_call, VALUES(last_old_api_call)),"
                    + " last_new_api_call = GREATEST(last_new_api_call, VALUES(last_new_api_call)),"
                    + " replica = VALUES(replica)")) {
                for (ClientUsage.ClientView client : clients) {
                    upsert.setString(1, client.client());
                    upsert.setLong(2, millis(client.lastOldApiCall()));
                    upsert.setLong(3, millis(client.lastNewApiCall()));
                    upsert.setString(4, replica);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    /** One client as every replica saw it. */
    record SharedClient(String client, Long lastOldApiCall, Long lastNewApiCall, String lastReplica) {}

    /** The {@code limit} clients of all replicas that called the old API last, most recent first. */
    synchronized List<SharedClient> clients(int limit) {
        return run(c -> {
            List<SharedClient> clients = new ArrayList<>();
            try (PreparedStatement select =
                    c.prepareStatement("SELECT client, last_old_api_call, last_new_api_call, replica FROM "
                            + CLIENT_TABLE + " ORDER BY last_old_api_call DESC, client LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long old = rows.getLong(2);
                        long recent = rows.getLong(3);
                        clients.add(new SharedClient(
                                rows.getString(1),
                                old == 0 ? null : old,
                                recent == 0 ? null : recent,
                                rows.getString(4)));
                    }
                }
            }
            return List.copyOf(clients);
        });
    }

    private static long millis(java.time.Instant at) {
        return at == null ? 0 : at.toEpochMilli();
    }

    /** The secret stored under {@code name}; {@code candidate} becomes it where none is stored yet. */
    synchronized byte[] secret(String name, byte[] candidate) {
        return run(c -> {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT IGNORE INTO " + SECRET_TABLE + " (name, secret) VALUES (?, ?)")) {
                insert.setString(1, name);
                insert.setBytes(2, candidate);
                insert.executeUpdate();
            }
            try (PreparedStatement select =
                    c.prepareStatement("SELECT secret FROM " + SECRET_TABLE + " WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getBytes(1);
                }
            }
        });
    }

    /** Where the stage lives, for messages. */
    String describe() {
        return properties.url();
    }

    @Override
    public synchronized void close() {
        connection.close();
    }

    private void insertHistory(Connection c, HistoryEntry entry) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + HISTORY_TABLE + " (entry) VALUES (?)")) {
            insert.setString(1, json.writeValueAsString(entry));
            insert.executeUpdate();
        }
    }

    private static Snapshot snapshot(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT stage, epoch, entered_at, (SELECT COALESCE(MAX(seq), 0) FROM "
                        + HISTORY_TABLE + ") FROM " + STAGE_TABLE + " WHERE id = 1")) {
            if (!row.next()) {
                throw new IllegalStateException("the state database holds no stage row in " + STAGE_TABLE);
            }
            long enteredAt = row.getLong(3);
            return new Snapshot(row.getInt(1), row.getLong(2), row.wasNull() ? null : enteredAt, row.getLong(4));
        }
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Runs {@code work} on the connection; see {@link StateConnection}. */
    private <T> T run(StateConnection.Work<T> work) {
        return connection.run(c -> null, work);
    }

    /** The state database could not be reached or refused a statement. */
    static final class StateStoreUnavailableException extends RuntimeException {
        StateStoreUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
