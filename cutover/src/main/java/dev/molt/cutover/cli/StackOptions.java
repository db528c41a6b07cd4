package dev.molt.cutover.cli;

import dev.molt.cutover.stack.ProjectRoot;
import dev.molt.cutover.stack.Stack;
import dev.molt.cutover.stack.StackPorts;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the stack listens: the services' default ports, each moved by an offset if asked, and how many gateways. */
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

    @Option(
            names = "--gateways",
            defaultValue = "1",
            description = "gateway replicas, 1 to " + StackPorts.MAX_GATEWAYS + ": replica i (from 0) listens on"
                    + " public 8080+i, admin 8090+i and management 8190+i; with more than one they share the"
                    + " cutover through the NEW database (default: ${DEFAULT-VALUE})")
    int gateways;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    StackPorts ports() {
        if (gateways < 1 || gateways > StackPorts.MAX_GATEWAYS) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--gateways must be between 1 and " + StackPorts.MAX_GATEWAYS + ", not " + gateways);
        }
        StackPorts shifted = StackPorts.defaults().shiftedBy(portOffset).withGateways(gateways);
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
