package dev.molt.cutover.play;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.stack.DatabaseAccess;
import java.net.URI;

/**
 * The running stack a play drives: the gateway's public and admin APIs, the replicator's API, and
 * the OLD and NEW databases as their owners see them (to seed OLD and to check every acknowledged
 * write). Either the stack {@code ./molt play} started itself, or one already running ({@code
 * --attach}: {@code ./molt up} elsewhere, or {@code docker compose up}).
 */
public record PlayTarget(
        URI gateway, AdminClient admin, URI replicator, DatabaseAccess oldDatabase, DatabaseAccess newDatabase) {}
