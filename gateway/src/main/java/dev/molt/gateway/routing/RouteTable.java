package dev.molt.gateway.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The targets of the four route groups at one stage. Immutable, so a snapshot can be shared freely. */
public record RouteTable(Target oldApiQuery, Target oldApiCommand, Target newApiQuery, Target newApiCommand) {

    public RouteTable {
        Objects.requireNonNull(oldApiQuery);
        Objects.requireNonNull(oldApiCommand);
        Objects.requireNonNull(newApiQuery);
        Objects.requireNonNull(newApiCommand);
    }

    public Target target(RouteGroup group) {
        return switch (group) {
            case OLD_API_QUERY -> oldApiQuery;
            case OLD_API_COMMAND -> oldApiCommand;
            case NEW_API_QUERY -> newApiQuery;
            case NEW_API_COMMAND -> newApiCommand;
        };
    }

    /** True when the new API is routed, so old-API answers announce their successor. */
    public boolean successorRouted() {
        return newApiQuery == Target.NEW || newApiCommand == Target.NEW;
    }

    /** True while reads go to NEW and writes to OLD: a client's reads must wait for its own writes. */
    public boolean splitAcrossReplication() {
        return oldApiQuery == Target.NEW && oldApiCommand == Target.OLD;
    }

    /** The table as {@code group id -> target}, the shape the admin API shows. */
    public Map<String, Target> asMap() {
        Map<String, Target> map = new LinkedHashMap<>();
        for (RouteGroup group : RouteGroup.values()) {
            map.put(group.id(), target(group));
        }
        return map;
    }
}
