package dev.molt.gateway.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The admin bearer token: configured, or generated once per start and written to a file only its
 * owner may read, so that it never reaches a log (logs are shipped and kept; a token in them is a
 * key left lying about).
 */
@Component
public class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] token;
    private final String value;

    AdminToken(AdminProperties properties) {
        String configured = properties.token();
        if (configured == null || configured.isBlank()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            configured = HexFormat.of().formatHex(random);
            writeOwnerOnly(properties.tokenFile(), configured);
            log.warn(
                    "MOLT_ADMIN_TOKEN is not set; generated an admin token, readable by this user only, in {}",
                    properties.tokenFile().toAbsolutePath());
        }
        this.value = configured;
        this.token = configured.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeOwnerOnly(Path file, String token) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, token);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the generated admin token to " + file, e);
        }
    }

    /** The token in force (tests and the launcher read it; never logged when configured). */
    public String value() {
        return value;
    }

    boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
