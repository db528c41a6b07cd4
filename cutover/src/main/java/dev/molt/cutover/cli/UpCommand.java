package dev.molt.cutover.cli;

import dev.molt.cutover.stack.Stack;
import dev.molt.cutover.stack.StackPorts;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./molt up}: the whole stack on embedded databases, until Ctrl-C. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start OLD and NEW MariaDB and every service as its own process; stop all with Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions stackOptions;

    @Option(
            names = "--quiet-period",
            converter = DurationConverter.class,
            description = "how long without old-API calls before stage 10 may remove the old routes, like 2s"
                    + " for a ./molt play --attach (default: the gateway's, 10m)")
    Duration quietPeriod;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Instant begin = Instant.now();
        Stack stack = stackOptions.start(
                quietPeriod == null
                        ? Map.of()
                        : Map.of("molt.gateway.cutover.quiet-period", quietPeriod.toMillis() + "ms"),
                out);
        StackPorts ports = stack.ports();
        out.printf(
                "Molt is up in %d s.%n", Duration.between(begin, Instant.now()).toSeconds());
        for (int replica = 0; replica < ports.gateways(); replica++) {
            String name = ports.gateways() == 1 ? "" : " (" + Stack.gatewayName(replica) + ")";
            out.printf(
                    "  shop (public):   %s  (/query/api/squids, /command/api/squids)%s%n",
                    Stack.local(ports.gateway(replica)), name);
            out.printf("  admin API:       %s/admin/cutover%s%n", Stack.local(ports.admin(replica)), name);
            out.printf(
                    "  dashboard:       %s/ (asks for the admin token)%s%n", Stack.local(ports.admin(replica)), name);
            out.printf(
                    "  health:          %s/actuator/health%s%n", Stack.local(ports.gatewayManagement(replica)), name);
        }
        if (ports.gateways() > 1) {
            out.printf(
                    "  %d gateway replicas share the cutover (NEW database, schema molt_state): any admin API"
                            + " drives them all%n",
                    ports.gateways());
        }
        // The token itself is never printed: this output often ends up in a log.
        out.printf(
                "  admin token:     in %s (readable by you only; ./molt reads it)%n",
                stack.runDirectory().resolve("admin-token"));
        out.printf("  replicator:      %s/replication (the same token)%n", Stack.local(ports.replicator()));
        out.printf("  logs:            %s%n", stack.runDirectory().resolve("logs"));
        out.printf(
                "  gateway config:  %s (one file per property, read again every 5 s: a file"
                        + " molt.gateway.cutover.target.stage holding 12 declares target 12)%n",
                stack.gatewayConfigDirectory());
        out.println("In another terminal: ./molt status, ./molt advance, ./molt rollback. Ctrl-C stops everything.");
        out.flush();
        // the stack stops itself on Ctrl-C (a shutdown hook); until then there is nothing to do
        new CountDownLatch(1).await();
        return 0;
    }
}
