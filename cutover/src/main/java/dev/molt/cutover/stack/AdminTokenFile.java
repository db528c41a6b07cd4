package dev.molt.cutover.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The stack's admin token, shared by every gateway replica and the replicator: generated when none
 * is given, and written for the other {@code ./molt} commands into a file only its owner may read,
 * since the token itself is never printed.
 */
final class AdminTokenFile {

    private AdminTokenFile() {}

    static String generated() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static void write(Path file, String token) {
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, token);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the admin token", e);
        }
    }
}
