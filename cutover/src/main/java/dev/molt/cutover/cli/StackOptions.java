package dev.molt.cutover.cli;

import dev.molt.cutover.stack.ProjectRoot;
import dev.molt.cutover.stack.Stack;
import dev.molt.cutover.stack.StackPorts;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the stack listens: the services' default ports, each moved by an offset if asked. */
final class StackOptions {

    @Option(names = "--gateway-port", description = "public gateway port (default: 8080, or 8080 + offset)")
    Integer gatewayPort;

    @Option(
            names = "--port-offset",
            defaultValue = "0",
            description = "add this to every port of the stack, to run beside another (default: ${DEFAULT-VALUE})")
    int portOffset;

    @Option(
            names = "--transport",
            defaultValue = "direct",
            description = "how the replicator carries changes: direct, or kafka (a change log topic on an embedded"
                    + " Kafka broker, applied by a consumer group of two) (default: ${DEFAULT-VALUE})")
    Stack.Transport transport;

    StackPorts ports() {
        StackPorts shifted = StackPorts.defaults().shiftedBy(portOffset);
        return gatewayPort == null ? shifted : shifted.withGateway(gatewayPort);
    }

    Stack start(Map<String, String> gatewaySettings, PrintWriter out) {
        return Stack.start(
                ProjectRoot.find(), ports(), System.getenv("MOLT_ADMIN_TOKEN"), gatewaySettings, transport, step -> {
                    out.println("- " + step);
                    out.flush();
                });
    }
}
