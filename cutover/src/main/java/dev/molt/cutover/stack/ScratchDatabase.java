package dev.molt.cutover.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away MariaDB server, the same embedded one {@code ./molt up} starts, on a free port in a
 * temporary directory that goes when it stops: {@code ./molt lint} applies migrations to it.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final EmbeddedDatabase database;
    private final Path dir;
    private final AtomicInteger schemas = new AtomicInteger();

    private ScratchDatabase(EmbeddedDatabase database, Path dir) {
        this.database = database;
        this.dir = dir;
    }

    public static ScratchDatabase start() {
        try {
            Path dir = Files.createTempDirectory("molt-lint-");
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            return new ScratchDatabase(EmbeddedDatabase.start("scratch", 99, port, dir), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the scratch database", e);
        }
    }

    /** A new empty schema with an owner that may do anything in it, including drop it. */
    public DatabaseAccess newSchema() {
        String schema = "molt_lint_" + schemas.incrementAndGet();
        String password = UUID.randomUUID().toString();
        Credentials owner = new Credentials(schema + "_rw", password);
        database.createOwnedSchema(owner, schema);
        return new DatabaseAccess(database.jdbcUrl(schema), owner.user(), owner.password());
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary directory is harmless
            }
        }
    }
}
