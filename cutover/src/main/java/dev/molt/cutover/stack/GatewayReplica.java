package dev.molt.cutover.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One gateway replica of the stack: its name, its three ports ({@link StackPorts}) and what sets it
 * apart from the others (state file and, over a shared state database, replica id and the admin URL
 * its peers call to close and release its command door during a fenced switch). Every replica reads
 * the configuration directory of the run ({@code <run dir>/config/}) as a config tree, one file per
 * property, so that writing {@code molt.gateway.cutover.target.stage} there declares a target that
 * the running replicas pick up at their next configuration refresh.
 *
 * @param index the replica's number, from 0
 * @param ports the stack's ports
 * @param shared whether the replicas share a state database
 */
record GatewayReplica(int index, StackPorts ports, boolean shared) {

    /** The directory of the run that every replica reads as a config tree. */
    static Path configDirectory(Path runDir) {
        return runDir.resolve("config");
    }

    /**
     * The process name: {@code gateway} for the first (the one {@code ./molt} and the play's fault
     * drill talk to), then {@code gateway-1}, {@code gateway-2}...
     */
    static String name(int index) {
        return index == 0 ? "gateway" : "gateway-" + index;
    }

    String name() {
        return name(index);
    }

    /** Its readiness, on its actuator port. */
    URI health() {
        return URI.create(Stack.local(ports.gatewayManagement(index)) + "/actuator/health/readiness");
    }

    /** The settings every replica shares ({@code common}) with this replica's own on top. */
    Map<String, String> settings(Map<String, String> common, Path runDir) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", String.valueOf(ports.gateway(index)));
        settings.put("server.address", "127.0.0.1");
        settings.put("molt.gateway.admin.port", String.valueOf(ports.admin(index)));
        settings.put("molt.gateway.admin.address", "127.0.0.1");
        settings.put("management.server.port", String.valueOf(ports.gatewayManagement(index)));
        settings.put("management.server.address", "127.0.0.1");
        settings.put(
                "molt.gateway.cutover.state-file",
                runDir.resolve(name() + "-cutover.json").toString());
        settings.put("spring.config.import", "optional:configtree:" + configDirectory(runDir) + "/");
        if (shared) {
            settings.put("molt.gateway.state.replica-id", name());
            settings.put("molt.gateway.state.admin-url", Stack.local(ports.admin(index)));
        }
        settings.putAll(common);
        return settings;
    }
}
