package dev.molt.cutover.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loopback ports of everything {@code up} starts. The defaults are the services' own defaults
 * (see DESIGN.md), so a stack started by hand and one started by {@code up} look the same.
 */
public record StackPorts(
        int oldDatabase,
        int newDatabase,
        int oldCommand,
        int oldQuery,
        int newCommand,
        int newQuery,
        int replicator,
        int gateway,
        int admin,
        int gatewayManagement) {

    public static StackPorts defaults() {
        return new StackPorts(3316, 3317, 8101, 8102, 8201, 8202, 8301, 8080, 8090, 8091);
    }

    /** The same layout shifted by {@code offset}, for a second stack beside a first. */
    public StackPorts shiftedBy(int offset) {
        return new StackPorts(
                oldDatabase + offset,
                newDatabase + offset,
                oldCommand + offset,
                oldQuery + offset,
                newCommand + offset,
                newQuery + offset,
                replicator + offset,
                gateway + offset,
                admin + offset,
                gatewayManagement + offset);
    }

    /** The same layout with the public gateway port moved. */
    public StackPorts withGateway(int port) {
        return new StackPorts(
                oldDatabase,
                newDatabase,
                oldCommand,
                oldQuery,
                newCommand,
                newQuery,
                replicator,
                port,
                admin,
                gatewayManagement);
    }

    /** Every port by what listens on it, for the check that none is taken. */
    public Map<String, Integer> byOwner() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("OLD database", oldDatabase);
        ports.put("NEW database", newDatabase);
        ports.put("old-command", oldCommand);
        ports.put("old-query", oldQuery);
        ports.put("new-command", newCommand);
        ports.put("new-query", newQuery);
        ports.put("replicator", replicator);
        ports.put("gateway", gateway);
        ports.put("gateway admin", admin);
        ports.put("gateway management", gatewayManagement);
        return ports;
    }
}
