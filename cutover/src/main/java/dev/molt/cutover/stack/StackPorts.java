package dev.molt.cutover.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The loopback ports of everything {@code up} starts. The defaults are the services' own defaults
 * (see DESIGN.md), so a stack started by hand and one started by {@code up} look the same. With
 * several gateway replicas, replica {@code i} (from 0) listens on {@code gateway + i}, {@code admin +
 * i} and {@code gatewayManagement + i}: the three ranges are 100 apart, so up to nine replicas never
 * collide.
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
        int gatewayManagement,
        int gateways) {

    /** The most gateway replicas a stack runs: beyond nine, the public ports would reach the admin ones. */
    public static final int MAX_GATEWAYS = 9;

    public StackPorts {
        if (gateways < 1 || gateways > MAX_GATEWAYS) {
            throw new IllegalArgumentException(
                    "gateway replicas must be between 1 and " + MAX_GATEWAYS + ", not " + gateways);
        }
    }

    public static StackPorts defaults() {
        return new StackPorts(3316, 3317, 8101, 8102, 8201, 8202, 8301, 8080, 8090, 8190, 1);
    }

    /** The same layout with {@code count} gateway replicas. */
    public StackPorts withGateways(int count) {
        return new StackPorts(
                oldDatabase,
                newDatabase,
                oldCommand,
                oldQuery,
                newCommand,
                newQuery,
                replicator,
                gateway,
                admin,
                gatewayManagement,
                count);
    }

    /** The public port of gateway replica {@code replica} (from 0). */
    public int gateway(int replica) {
        return gateway + replica;
    }

    /** The admin port of gateway replica {@code replica}. */
    public int admin(int replica) {
        return admin + replica;
    }

    /** The actuator port of gateway replica {@code replica}. */
    public int gatewayManagement(int replica) {
        return gatewayManagement + replica;
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
                gatewayManagement + offset,
                gateways);
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
                gatewayManagement,
                gateways);
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
        for (int i = 0; i < gateways; i++) {
            String replica = GatewayReplica.name(i);
            ports.put(replica, gateway(i));
            ports.put(replica + " admin", admin(i));
            ports.put(replica + " management", gatewayManagement(i));
        }
        return ports;
    }
}
