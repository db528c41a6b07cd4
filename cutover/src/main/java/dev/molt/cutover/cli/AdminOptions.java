package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.admin.AdminException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the gateway's admin API is and the token for it: option, then environment, then {@code ./molt up}'s file. */
final class AdminOptions {

    static final Path TOKEN_FILE = Path.of(".molt", "up", "admin-token");

    @Option(
            names = "--admin-url",
            defaultValue = "http://127.0.0.1:8090",
            description = "the gateway's admin API (default: ${DEFAULT-VALUE})")
    URI adminUrl;

    @Option(
            names = "--token",
            description = "the admin token (default: $MOLT_ADMIN_TOKEN, else the one ./molt up wrote)")
    String token;

    AdminClient client() {
        return new AdminClient(adminUrl, token(token));
    }

    /** The admin token: {@code option}, else {@code MOLT_ADMIN_TOKEN}, else the file {@code ./molt up} wrote. */
    static String token(String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String fromEnvironment = System.getenv("MOLT_ADMIN_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        if (Files.isReadable(TOKEN_FILE)) {
            try {
                return Files.readString(TOKEN_FILE).strip();
            } catch (IOException e) {
                throw new AdminException("could not read " + TOKEN_FILE + ": " + e.getMessage());
            }
        }
        throw new AdminException(
                "no admin token: pass --token, set MOLT_ADMIN_TOKEN, or start the stack with ./molt up");
    }
}
