package dev.molt.gateway.cutover;

import static dev.molt.gateway.routing.Target.GONE;
import static dev.molt.gateway.routing.Target.NEW;
import static dev.molt.gateway.routing.Target.NONE;
import static dev.molt.gateway.routing.Target.OLD;

import dev.molt.gateway.routing.RouteTable;
import dev.molt.gateway.routing.Target;

/** The twelve stages and the routes after each: the "routes after it" column of the stage table. */
public enum Stage {
    CURRENT_STATE(1, "current state", OLD, OLD, NONE, NONE),
    REPLICATING(2, "replicate OLD -> NEW", OLD, OLD, NONE, NONE),
    NEW_QUERY_DEPLOYED(3, "NEW query deployed", OLD, OLD, NONE, NONE),
    QUERY_SWITCHED(4, "switch query routing", NEW, OLD, NONE, NONE),
    NEW_COMMAND_DEPLOYED(5, "NEW command deployed", NEW, OLD, NONE, NONE),
    COMMAND_SWITCHED(6, "switch command routing", NEW, NEW, NONE, NONE),
    FORWARD_STOPPED(7, "stop forward replication", NEW, NEW, NONE, NONE),
    NEW_API_ROUTED(8, "add NEW API routing", NEW, NEW, NEW, NEW),
    CLIENTS_SWITCHING(9, "clients switch API", NEW, NEW, NEW, NEW),
    OLD_ROUTING_REMOVED(10, "remove OLD routing", GONE, GONE, NEW, NEW),
    OLD_ENDPOINTS_REMOVED(11, "remove OLD API endpoints", GONE, GONE, NEW, NEW),
    DONE(12, "done", GONE, GONE, NEW, NEW);

    private final int number;
    private final String title;
    private final RouteTable routes;

    Stage(
            int number,
            String title,
            Target oldApiQuery,
            Target oldApiCommand,
            Target newApiQuery,
            Target newApiCommand) {
        this.number = number;
        this.title = title;
        this.routes = new RouteTable(oldApiQuery, oldApiCommand, newApiQuery, newApiCommand);
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }

    public RouteTable routes() {
        return routes;
    }

    public Stage next() {
        return this == DONE ? null : values()[ordinal() + 1];
    }

    public Stage previous() {
        return this == CURRENT_STATE ? null : values()[ordinal() - 1];
    }

    public static Stage of(int number) {
        if (number < 1 || number > values().length) {
            throw new IllegalArgumentException("no stage " + number + "; stages are 1 to " + values().length);
        }
        return values()[number - 1];
    }
}
