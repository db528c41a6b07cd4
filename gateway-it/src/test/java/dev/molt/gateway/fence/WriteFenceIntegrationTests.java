package dev.molt.gateway.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.molt.gateway.support.GatewayFixture;
import dev.molt.gateway.support.Json;
import dev.molt.gateway.support.ReplicatorStub;
import dev.molt.gateway.support.RunningGateway;
import dev.molt.testsupport.DatabaseServer;
import dev.molt.testsupport.TestDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The write fence on a real MariaDB: the command switch makes OLD refuse the application account's
 * writes on connections already open (a late commit) and new ones (a writer that bypasses the
 * gateway), while the replicator's account still writes; the rollback turns it round.
 */
class WriteFenceIntegrationTests {

    @RegisterExtension
    static final GatewayFixture fixture = new GatewayFixture();

    private static final AtomicLong IDS = new AtomicLong();
    private static TestDatabase oldDb;
    private static TestDatabase newDb;
    private static Account oldApp;
    private static Account newApp;
    private static Account oldFence;
    private static Account newFence;

    record Account(String url, String user, String password) {
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    @BeforeAll
    static void databases() throws SQLException {
        oldDb = DatabaseServer.newDatabase("fence_old");
        newDb = DatabaseServer.newDatabase("fence_new");
        try (Connection c = oldDb.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE squid (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, version BIGINT NOT NULL)");
        }
        try (Connection c = newDb.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE seafood (id BIGINT PRIMARY KEY, display_name VARCHAR(50) NOT NULL,"
                    + " version BIGINT NOT NULL)");
        }
        oldApp = appAccount(oldDb, "squid");
        newApp = appAccount(newDb, "seafood");
        oldFence = fenceAccount(oldDb);
        newFence = fenceAccount(newDb);
    }

    /** The account an application runs with: write grants at table level only, as the fence needs. */
    private static Account appAccount(TestDatabase db, String table) {
        String user = db.name() + "_app";
        db.server()
                .execute(
                        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw_app'",
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + db.name() + "." + table + " TO '" + user
                                + "'@'%'");
        return new Account(db.jdbcUrl(), user, "pw_app");
    }

    /** The gateway's cutover account: may hand the write privileges on and see others' transactions. */
    private static Account fenceAccount(TestDatabase db) {
        String user = db.name() + "_gw";
        db.server()
                .execute(
                        "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw_gw'",
                        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + db.name() + ".* TO '" + user
                                + "'@'%' WITH GRANT OPTION",
                        "GRANT LOCK TABLES ON " + db.name() + ".* TO '" + user + "'@'%'",
                        "GRANT PROCESS ON *.* TO '" + user + "'@'%'");
        return new Account(db.jdbcUrl(), user, "pw_gw");
    }

    private Map<String, Object> fenced(Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("molt.gateway.fence.write-fence.enabled", true);
        p.put("molt.gateway.fence.write-fence.old-writer.user", oldApp.user());
        p.put("molt.gateway.fence.write-fence.new-writer.user", newApp.user());
        p.put("molt.gateway.cutover.old-database.url", oldFence.url());
        p.put("molt.gateway.cutover.old-database.username", oldFence.user());
        p.put("molt.gateway.cutover.old-database.password", oldFence.password());
        p.put("molt.gateway.cutover.new-database.url", newFence.url());
        p.put("molt.gateway.cutover.new-database.username", newFence.user());
        p.put("molt.gateway.cutover.new-database.password", newFence.password());
        p.putAll(extra);
        return p;
    }

    @Test
    void commandSwitchFencesOldAtTheDatabaseAndTheRollbackTurnsItRound() throws Exception {
        ReplicatorStub replicator = fixture.replicator();
        RunningGateway gateway = fixture.startAt(5, fenced(Map.of()));
        try (Connection oldPooled = oldApp.connect();
                Connection newPooled = newApp.connect()) {
            replicator.pipeline("forward").state = "STREAMING";
            long beforeSwitch = insertSquid(oldPooled);
            long squids = count(oldPooled, "squid");

            HttpResponse<String> switched = gateway.admin("POST", "/admin/cutover/advance");

            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
            assertThat(lastHistory(gateway).get("reason").asString())
                    .isEqualTo("write fence applied on OLD (" + oldApp.user() + "@squid)");
            assertRefused(() -> insertSquid(oldPooled));
            assertRefused(() -> update(oldPooled, "UPDATE squid SET version = version + 1 WHERE id = " + beforeSwitch));
            assertRefused(() -> update(oldPooled, "DELETE FROM squid WHERE id = " + beforeSwitch));
            try (Connection bypass = oldApp.connect()) {
                assertRefused(() -> insertSquid(bypass));
                assertThat(count(bypass, "squid")).as("reads still pass").isEqualTo(squids);
            }
            try (Connection reverseReplicator = oldDb.connect()) {
                insertSquid(reverseReplicator);
            }
            insertSeafood(newPooled);

            HttpResponse<String> rolledBack = gateway.admin("POST", "/admin/cutover/rollback");

            assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
            assertThat(lastHistory(gateway).get("reason").asString())
                    .isEqualTo("write fence applied on NEW (" + newApp.user() + "@seafood)");
            insertSquid(oldPooled);
            assertRefused(() -> insertSeafood(newPooled));
            try (Connection forwardReplicator = newDb.connect()) {
                insertSeafood(forwardReplicator);
            }
            assertThat(count(oldPooled, "squid")).isEqualTo(squids + 2);
            assertThat(gateway.admin("POST", "/admin/cutover/advance").statusCode())
                    .isEqualTo(200);
            insertSeafood(newPooled);
            assertRefused(() -> insertSquid(oldPooled));
        } finally {
            oldDb.server()
                    .execute("GRANT INSERT, UPDATE, DELETE ON " + oldDb.name() + ".squid TO '" + oldApp.user()
                            + "'@'%'");
        }
    }

    @Test
    void switchAbortedAfterTheFenceLiftsItBeforeReleasingHeldCommands() throws Exception {
        ReplicatorStub replicator = fixture.replicator();
        RunningGateway gateway = fixture.startAt(5, fenced(Map.of("molt.gateway.fence.hold-timeout", "300ms")));
        try (Connection oldPooled = oldApp.connect()) {
            replicator.pipeline("forward").state = "STREAMING";
            replicator.drainTakes(10_000);

            HttpResponse<String> aborted = gateway.admin("POST", "/admin/cutover/advance");

            assertThat(aborted.statusCode()).isEqualTo(409);
            assertThat(lastHistory(gateway).get("reason").asString())
                    .contains("drain of forward")
                    .contains("write fence lifted on OLD (" + oldApp.user() + "@squid)");
            insertSquid(oldPooled);
        }
    }

    @Test
    void aTransactionThatWroteBeforeTheFenceHoldsTheSwitchUntilItEndsOrAbortsIt() throws Exception {
        ReplicatorStub replicator = fixture.replicator();
        // long enough for the switch that follows on a loaded machine (at 300 ms a fresh clone's
        // suite ran out of it after the late transaction had ended); the first switch waits it out
        RunningGateway gateway = fixture.startAt(5, fenced(Map.of("molt.gateway.fence.hold-timeout", "3s")));
        try (Connection lateCommitter = oldApp.connect()) {
            replicator.pipeline("forward").state = "STREAMING";
            lateCommitter.setAutoCommit(false);
            insertSquid(lateCommitter);

            HttpResponse<String> aborted = gateway.admin("POST", "/admin/cutover/advance");

            assertThat(aborted.statusCode()).as(aborted.body()).isEqualTo(409);
            assertThat(lastHistory(gateway).get("reason").asString())
                    .contains("1 transaction(s) that wrote OLD before the write fence did not end")
                    .contains("write fence lifted on OLD");
            lateCommitter.commit();
            lateCommitter.setAutoCommit(true);

            HttpResponse<String> switched = gateway.admin("POST", "/admin/cutover/advance");

            assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
            assertRefused(() -> insertSquid(lateCommitter));
        } finally {
            oldDb.server()
                    .execute("GRANT INSERT, UPDATE, DELETE ON " + oldDb.name() + ".squid TO '" + oldApp.user()
                            + "'@'%'");
        }
    }

    @Test
    void gatewayStartingAtStageFiveLiftsAFenceLeftByACrashMidSwitch() throws Exception {
        oldDb.server()
                .execute(
                        "REVOKE INSERT, UPDATE, DELETE ON " + oldDb.name() + ".squid FROM '" + oldApp.user() + "'@'%'");
        try (Connection oldPooled = oldApp.connect()) {
            assertRefused(() -> insertSquid(oldPooled));
            fixture.startAt(5, fenced(Map.of()));
            await("OLD writable again")
                    .atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .until(() -> insertSquid(oldPooled) > 0);
        }
    }

    private static JsonNode lastHistory(RunningGateway gateway) {
        JsonNode history = Json.of(gateway.admin("GET", "/admin/cutover")).get("history");
        return history.get(history.size() - 1);
    }

    private static long insertSquid(Connection connection) throws SQLException {
        long id = IDS.incrementAndGet();
        update(connection, "INSERT INTO squid (id, name, version) VALUES (" + id + ", 'a', 1)");
        return id;
    }

    private static void insertSeafood(Connection connection) throws SQLException {
        update(
                connection,
                "INSERT INTO seafood (id, display_name, version) VALUES (" + IDS.incrementAndGet() + ", 'a', 1)");
    }

    private static void update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private interface Write {
        void run() throws SQLException;
    }

    private static void assertRefused(Write write) {
        assertThatThrownBy(write::run).isInstanceOf(SQLException.class).hasMessageContaining("command denied");
    }
}
