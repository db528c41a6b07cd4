package dev.molt.testsupport;

import dev.molt.launcher.MariaDbServer;

/**
 * The launcher's MariaDB (the same server {@code ./molt up} runs) in a temporary directory on a
 * free port, made faster for tests by not syncing to disk at each commit, with an administrator
 * for TCP clients.
 */
final class EmbeddedDatabaseServer extends DatabaseServer {

    private static final String ADMIN = "molt_admin";
    private static final String ADMIN_PASSWORD = "molt_admin";

    private final MariaDbServer server;

    private EmbeddedDatabaseServer(MariaDbServer server) {
        this.server = server;
    }

    static EmbeddedDatabaseServer start(String name, int serverId) {
        MariaDbServer server = MariaDbServer.named(name)
                .serverId(serverId)
                .extraArgs("--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0")
                .start();
        server.asAdministrator(
                "CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'",
                "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION");
        return new EmbeddedDatabaseServer(server);
    }

    /** Starts the stopped server again, on the same port and data directory. */
    void startAgain() {
        server.startAgain();
    }

    @Override
    public String host() {
        return server.host();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    protected String adminUser() {
        return ADMIN;
    }

    @Override
    protected String adminPassword() {
        return ADMIN_PASSWORD;
    }

    @Override
    protected void stop() {
        server.stop();
    }
}
