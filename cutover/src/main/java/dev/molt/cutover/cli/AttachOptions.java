package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.play.PlayTarget;
import dev.molt.cutover.stack.DatabaseAccess;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * A stack that is already running, for {@code play --attach}. The defaults are where both
 * {@code ./molt up} and {@code docker compose up} serve it, with their databases' owner users.
 */
final class AttachOptions {

    @Option(
            names = "--attach",
            description = "play on a stack that is already running (./molt up elsewhere, or docker compose up)"
                    + " instead of starting one; it must be fresh: stage 1, no squids")
    boolean attach;

    @Option(
            names = "--gateway-url",
            defaultValue = "http://127.0.0.1:8080",
            description = "with --attach: the gateway's public API (default: ${DEFAULT-VALUE})")
    URI gatewayUrl;

    @Option(
            names = "--replicator-url",
            defaultValue = "http://127.0.0.1:8301",
            description = "with --attach: the replicator's API (default: ${DEFAULT-VALUE})")
    URI replicatorUrl;

    @Option(
            names = "--old-db-url",
            defaultValue = "jdbc:mariadb://127.0.0.1:3316/shop_old?allowPublicKeyRetrieval=true",
            description = "with --attach: the OLD database, seeded and checked (default: ${DEFAULT-VALUE})")
    String oldDbUrl;

    @Option(names = "--old-db-user", defaultValue = "shop_old", description = "(default: ${DEFAULT-VALUE})")
    String oldDbUser;

    @Option(
            names = "--old-db-password",
            defaultValue = "${env:MOLT_OLD_DB_PASSWORD:-shop_old_pw}",
            description = "(default: $MOLT_OLD_DB_PASSWORD, else shop_old_pw; prefer the variable: ps shows arguments)")
    String oldDbPassword;

    @Option(
            names = "--new-db-url",
            defaultValue = "jdbc:mariadb://127.0.0.1:3317/shop_new?allowPublicKeyRetrieval=true",
            description = "with --attach: the NEW database, checked (default: ${DEFAULT-VALUE})")
    String newDbUrl;

    @Option(names = "--new-db-user", defaultValue = "shop_new", description = "(default: ${DEFAULT-VALUE})")
    String newDbUser;

    @Option(
            names = "--new-db-password",
            defaultValue = "${env:MOLT_NEW_DB_PASSWORD:-shop_new_pw}",
            description = "(default: $MOLT_NEW_DB_PASSWORD, else shop_new_pw; prefer the variable: ps shows arguments)")
    String newDbPassword;

    PlayTarget target(AdminClient admin) {
        return new PlayTarget(
                gatewayUrl,
                admin,
                replicatorUrl,
                new DatabaseAccess(oldDbUrl, oldDbUser, oldDbPassword),
                new DatabaseAccess(newDbUrl, newDbUser, newDbPassword));
    }
}
