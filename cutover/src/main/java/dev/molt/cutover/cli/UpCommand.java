package dev.molt.cutover.cli;

import dev.molt.cutover.stack.Stack;
import dev.molt.cutover.stack.StackPorts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./molt up}: the whole stack on embedded databases, until Ctrl-C. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start OLD and NEW MariaDB and every service as its own process; stop all with Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    @Option(
            names = "--gateway-port",
            defaultValue = "8080",
            description = "public gateway port (default: ${DEFAULT-VALUE})")
    int gatewayPort;

    @Option(names = "--admin-port", defaultValue = "8090", description = "admin API port (default: ${DEFAULT-VALUE})")
    int adminPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        StackPorts defaults = StackPorts.defaults();
        StackPorts ports = new StackPorts(
                defaults.oldDatabase(),
                defaults.newDatabase(),
                defaults.oldCommand(),
                defaults.oldQuery(),
                defaults.newCommand(),
                defaults.newQuery(),
                defaults.replicator(),
                gatewayPort,
                adminPort,
                defaults.gatewayManagement());
        Instant begin = Instant.now();
        Stack stack = Stack.start(Path.of("").toAbsolutePath(), ports, System.getenv("MOLT_ADMIN_TOKEN"), step -> {
            out.println("- " + step);
            out.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("stopping every service and both databases");
                            out.flush();
                            stack.close();
                            stopped.countDown();
                        },
                        "molt-up-stop"));
        out.printf(
                "Molt is up in %d s.%n", Duration.between(begin, Instant.now()).toSeconds());
        out.printf("  shop (public):   %s  (/query/api/squids, /command/api/squids)%n", Stack.local(ports.gateway()));
        out.printf("  admin API:       %s/admin/cutover%n", Stack.local(ports.admin()));
        out.printf("  admin token:     %s%n", stack.adminToken());
        out.printf("  replicator:      %s/replication%n", Stack.local(ports.replicator()));
        out.printf("  logs:            %s%n", stack.runDirectory().resolve("logs"));
        out.println("In another terminal: ./molt status, ./molt advance, ./molt rollback. Ctrl-C stops everything.");
        out.flush();
        stopped.await();
        return 0;
    }
}
