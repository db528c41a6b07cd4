package dev.molt.replicator.support;

import static org.awaitility.Awaitility.await;

import dev.molt.replicator.config.ReplicatorProperties;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An OLD and a NEW database migrated by the services' own Flyway scripts, with the writes the
 * OLD and NEW shops make (every write bumps the version) and the squid-to-seafood comparison.
 */
public record ShopDatabases(TestDatabase old, TestDatabase neu, java.nio.file.Path history) {

    public static ShopDatabases create(String prefix) {
        return of(DatabaseServer.newDatabase(prefix + "_old"), DatabaseServer.newDatabase(prefix + "_new"));
    }

    /** OLD and NEW in the given databases, which may live on different servers. */
    public static ShopDatabases of(TestDatabase old, TestDatabase neu) {
        migrate(old, "classpath:db/squid");
        migrate(neu, "classpath:db/seafood");
        for (TestDatabase db : List.of(old, neu)) {
            db.server()
                    .execute("GRANT RELOAD, REPLICATION SLAVE, BINLOG MONITOR, REPLICATION MASTER ADMIN ON *.* TO '"
                            + db.user() + "'@'%'");
        }
        return new ShopDatabases(old, neu, historyDirectory());
    }

    private static void migrate(TestDatabase db, String location) {
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations(location)
                .load()
                .migrate();
    }

    /** Points the forward pipeline (and the reverse one) of a Spring test at these databases. */
    public void register(DynamicPropertyRegistry registry) {
        arguments().forEach(argument -> {
            String[] pair = argument.substring(2).split("=", 2);
            registry.add(pair[0], () -> pair[1]);
        });
    }

    private static java.nio.file.Path historyDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("molt-history-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Command-line arguments with the same effect, for a replicator in its own process. */
    public List<String> arguments() {
        // OLD and NEW share one test server, so the schema history goes to files (see Pipeline).
        return List.of(
                "--molt.replicator.pipelines.forward.schema-history-file=" + history.resolve("forward.dat"),
                "--molt.replicator.pipelines.reverse.schema-history-file=" + history.resolve("reverse.dat"),
                "--molt.old.url=" + old.jdbcUrl(),
                "--molt.old.user=" + old.user(),
                "--molt.old.password=" + old.password(),
                "--molt.new.url=" + neu.jdbcUrl(),
                "--molt.new.user=" + neu.user(),
                "--molt.new.password=" + neu.password());
    }

    /** The forward pipeline between these databases, as the bench and direct pipeline tests run it. */
    public ReplicatorProperties.Pipeline forwardPipeline(int batchSize) {
        return forwardPipeline(
                batchSize,
                "direct",
                new ReplicatorProperties.Kafka(
                        "localhost:9092", "", 4, (short) 1, true, 1, "", ReplicatorProperties.EventFormat.COMPACT));
    }

    /** The forward pipeline between these databases on the given transport. */
    public ReplicatorProperties.Pipeline forwardPipeline(
            int batchSize, String transport, ReplicatorProperties.Kafka kafka) {
        return new ReplicatorProperties.Pipeline(
                new ReplicatorProperties.Endpoint(old.jdbcUrl(), old.user(), old.password()),
                new ReplicatorProperties.Endpoint(neu.jdbcUrl(), neu.user(), neu.password()),
                Map.of(
                        "source.table",
                        "squid",
                        "target.table",
                        "seafood",
                        "columns",
                        "id,name:display_name,price:price_amount,stock:stock_quantity,origin:catch_area,updated_at,version",
                        "constant.category",
                        "SQUID",
                        "constant.price_currency",
                        "KRW",
                        "target.filter.category",
                        "SQUID"),
                false,
                ReplicatorProperties.SnapshotMode.INITIAL,
                5401,
                batchSize,
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                new ReplicatorProperties.Retry(Duration.ofMillis(100), Duration.ofSeconds(2), 2),
                history.resolve("forward-" + old.name() + ".dat").toString(),
                ReplicatorProperties.TransportKind.valueOf(transport.toUpperCase(Locale.ROOT)),
                kafka,
                tuning(),
                copy());
    }

    /**
     * The snapshot copy as the replicator's defaults have it (bound as the replicator binds its
     * configuration, so that they are not written again here); the benches may set the workers
     * and the chunk time and the chunks written at once ({@code -Dmolt.bench.copy-workers}, {@code
     * -Dmolt.bench.copy-chunk-millis}, {@code -Dmolt.bench.copy-concurrent-writes}).
     */
    public static ReplicatorProperties.Copy copy() {
        Map<String, String> set = new HashMap<>();
        benchSetting("molt.bench.copy-workers", "workers", "", set);
        benchSetting("molt.bench.copy-chunk-millis", "chunk-time", "ms", set);
        benchSetting("molt.bench.copy-concurrent-writes", "concurrent-writes", "", set);
        return defaults("copy", set, ReplicatorProperties.Copy.class);
    }

    /** The pipelines' pools and waits, as the replicator's defaults have them. */
    public static ReplicatorProperties.Tuning tuning() {
        return defaults("tuning", Map.of(), ReplicatorProperties.Tuning.class);
    }

    private static void benchSetting(String property, String name, String unit, Map<String, String> set) {
        String value = System.getProperty(property);
        if (value != null) {
            set.put(name, value + unit);
        }
    }

    /** The settings of {@code type} with their declared defaults, but for those {@code set}. */
    private static <T> T defaults(String prefix, Map<String, String> set, Class<T> type) {
        Map<String, String> properties = new HashMap<>();
        set.forEach((name, value) -> properties.put(prefix + "." + name, value));
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }

    public long insertSquid(String name, int price, int stock, String origin) throws SQLException {
        try (Connection c = old.connect();
                PreparedStatement insert = c.prepareStatement(INSERT_SQUID, Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setInt(2, price);
            insert.setInt(3, stock);
            insert.setString(4, origin);
            insert.setObject(5, now());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The pace of {@link #writeRandomly}: a busy shop, not a load test. */
    private static final int WRITES_PER_SECOND = 1_000;

    private static final String INSERT_SQUID =
            "INSERT INTO squid (name, price, stock, origin, updated_at, version) VALUES (?, ?, ?, ?, ?, 1)";
    private static final String UPDATE_PRICE =
            "UPDATE squid SET price = ?, updated_at = ?, version = version + 1 WHERE id = ?";
    private static final String DELETE_SQUID = "DELETE FROM squid WHERE id = ?";

    /**
     * The writes of a live OLD shop, at {@link #WRITES_PER_SECOND} on one connection, until {@code
     * writing} turns false, {@code writes} are made or {@code limit} has passed: one in ten an
     * insert, one in ten a delete of a random id below {@code ids} (remembered in {@code deleted}),
     * the others price updates. One connection: a connection per write spent the shared cores on
     * connection setup, on both sides, for every write.
     */
    public void writeRandomly(AtomicBoolean writing, Set<Long> deleted, int writes, long ids, Duration limit) {
        long start = System.nanoTime();
        long until = start + limit.toNanos();
        long interval = 1_000_000_000L / WRITES_PER_SECOND;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection c = old.connect();
                PreparedStatement insert = c.prepareStatement(INSERT_SQUID);
                PreparedStatement delete = c.prepareStatement(DELETE_SQUID);
                PreparedStatement update = c.prepareStatement(UPDATE_PRICE)) {
            for (int i = 0; i < writes && writing.get() && System.nanoTime() < until; i++) {
                long id = random.nextLong(1, ids);
                switch (random.nextInt(10)) {
                    case 0 -> {
                        insert.setString(1, "new " + i);
                        insert.setInt(2, 500 + i);
                        insert.setInt(3, 5);
                        insert.setString(4, "Yellow Sea");
                        insert.setObject(5, now());
                        insert.executeUpdate();
                    }
                    case 1 -> {
                        delete.setLong(1, id);
                        delete.executeUpdate();
                        deleted.add(id);
                    }
                    default -> {
                        update.setInt(1, 2000 + i);
                        update.setObject(2, now());
                        update.setLong(3, id);
                        update.executeUpdate();
                    }
                }
                long ahead = start + (i + 1) * interval - System.nanoTime();
                if (ahead > 0) {
                    LockSupport.parkNanos(ahead);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row {@code sql} finds in NEW; empty where none, or no such table yet. */
    /**
     * Waits until the forward pipeline's stored offset moved that many more times: a kill after
     * that many applied batches (heartbeats alone apply one about every 100 ms) lands at a point
     * of the stream or the copy decided by the replicator's progress rather than by a clock.
     */
    public void awaitAppliedBatches(int batches) throws SQLException {
        for (int batch = 0; batch < batches; batch++) {
            String before = forwardOffset();
            await("batch " + batch + " applied")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> !forwardOffset().equals(before));
        }
    }

    private String forwardOffset() throws SQLException {
        return queryNew("SELECT offset_value FROM molt_replication_offset WHERE pipeline = 'forward'");
    }

    /** Whether the forward pipeline's snapshot is marked completed in NEW. */
    public boolean forwardSnapshotCompleted() throws SQLException {
        return "1"
                .equals(queryNew("SELECT snapshot_completed FROM molt_replication_offset WHERE pipeline = 'forward'"));
    }

    /** The source rows the forward copy has committed so far (0 before it began and after it completed). */
    public long forwardRowsCopied() throws SQLException {
        String sum =
                queryNew("SELECT COALESCE(SUM(rows_copied), 0) FROM molt_snapshot_progress WHERE pipeline = 'forward'");
        return sum.isEmpty() ? 0 : Long.parseLong(sum);
    }

    public String queryNew(String sql) throws SQLException {
        try (Connection c = neu.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() && r.getString(1) != null ? r.getString(1) : "";
        } catch (SQLException e) {
            if (e.getMessage().contains("doesn't exist")) {
                return "";
            }
            throw e;
        }
    }

    /** Inserts many squids in batches, in one transaction per batch. */
    public void insertSquids(int count) throws SQLException {
        try (Connection c = old.connect();
                PreparedStatement insert = c.prepareStatement(INSERT_SQUID)) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                insert.setString(1, "squid " + i);
                insert.setInt(2, 1000 + i);
                insert.setInt(3, i % 50);
                insert.setString(4, i % 3 == 0 ? null : "East Sea");
                insert.setObject(5, now());
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                    c.commit();
                }
            }
            insert.executeBatch();
            c.commit();
        }
    }

    public void updateSquidPrice(long id, int price) throws SQLException {
        old.server(); // keeps the call sites symmetrical
        executeOld(UPDATE_PRICE, price, now(), id);
    }

    public void deleteSquid(long id) throws SQLException {
        executeOld(DELETE_SQUID, id);
    }

    public void executeOld(String sql, Object... parameters) throws SQLException {
        execute(old, sql, parameters);
    }

    public void executeNew(String sql, Object... parameters) throws SQLException {
        execute(neu, sql, parameters);
    }

    private static void execute(TestDatabase db, String sql, Object... parameters) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    /** OLD's squids as the forward mapping should produce them, by id. */
    public Map<Long, List<Object>> squidsAsSeafood() throws SQLException {
        return rows(
                old,
                "SELECT id, 'SQUID', name, price, 'KRW', stock, origin, updated_at, version FROM squid ORDER BY id");
    }

    /** NEW's SQUID rows, by id. */
    public Map<Long, List<Object>> squidSeafood() throws SQLException {
        return rows(
                neu,
                "SELECT id, category, display_name, price_amount, price_currency, stock_quantity, catch_area,"
                        + " updated_at, version FROM seafood WHERE category = 'SQUID' ORDER BY id");
    }

    /** The ids where NEW differs from OLD through the mapping, with both sides; at most ten. */
    public List<String> differences() throws SQLException {
        Map<Long, List<Object>> expected = squidsAsSeafood();
        Map<Long, List<Object>> actual = squidSeafood();
        List<String> differences = new ArrayList<>();
        java.util.Set<Long> ids = new java.util.TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        for (Long id : ids) {
            if (!Objects.equals(expected.get(id), actual.get(id)) && differences.size() < 10) {
                differences.add(id + ": OLD " + expected.get(id) + " NEW " + actual.get(id));
            }
        }
        return differences;
    }

    public int countSeafood() throws SQLException {
        return rows(neu, "SELECT id FROM seafood").size();
    }

    private static Map<Long, List<Object>> rows(TestDatabase db, String sql) throws SQLException {
        Map<Long, List<Object>> rows = new LinkedHashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = r.getObject(i);
                    row.add(
                            value instanceof Number n
                                    ? new BigDecimal(n.toString()).stripTrailingZeros()
                                    : Objects.toString(value, null));
                }
                rows.put(r.getLong(1), row);
            }
        }
        return rows;
    }

    private static LocalDateTime now() {
        return LocalDateTime.now().truncatedTo(ChronoUnit.MICROS);
    }
}
