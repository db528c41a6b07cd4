package dev.molt.cutover.play;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.stack.DatabaseAccess;
import java.net.URI;
import java.util.List;

/**
 * The running stack a play drives: the public and admin APIs of its gateway replicas (one, or a
 * balancer in front of several, when attached), the replicator's API, and the OLD and NEW
 * databases as their owners see them (to seed OLD and to check every acknowledged write). Either
 * the stack {@code ./molt play} started itself, or one already running ({@code --attach}: {@code
 * ./molt up} elsewhere, or {@code docker compose up}).
 *
 * @param gateways the public API of each gateway replica; client k uses replica k mod their number
 * @param admins the admin API of each gateway replica; the play drives its transitions through them in turn
 * @param replicator the replicator's API
 * @param oldDatabase the OLD database, as its owner sees it
 * @param newDatabase the NEW database, as its owner sees it
 */
public record PlayTarget(
        List<URI> gateways,
        List<AdminClient> admins,
        URI replicator,
        DatabaseAccess oldDatabase,
        DatabaseAccess newDatabase) {

    public PlayTarget {
        if (gateways.isEmpty() || admins.isEmpty()) {
            throw new IllegalArgumentException("a play needs at least one gateway and its admin API");
        }
        gateways = List.copyOf(gateways);
        admins = List.copyOf(admins);
    }

    /** A stack with one gateway. */
    public PlayTarget(
            URI gateway, AdminClient admin, URI replicator, DatabaseAccess oldDatabase, DatabaseAccess newDatabase) {
        this(List.of(gateway), List.of(admin), replicator, oldDatabase, newDatabase);
    }

    /** The first replica's admin API: the one the play checks the stage with and the fault drill switches through. */
    public AdminClient admin() {
        return admins.get(0);
    }
}
