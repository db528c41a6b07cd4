package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.play.PlaySettings;
import dev.molt.cutover.play.PlayTarget;
import dev.molt.cutover.play.Player;
import dev.molt.cutover.stack.Stack;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./molt play}: {@code up}, then the twelve stages under client load, then the report. */
@Command(
        name = "play",
        mixinStandardHelpOptions = true,
        description = "Start the stack, play all twelve stages under client load and report, stage by stage,"
                + " that no request failed, no read was stale and no write was lost. Exit 1 if anything did.")
final class PlayCommand implements Callable<Integer> {

    @Mixin
    StackOptions stackOptions;

    @Mixin
    AttachOptions attachOptions;

    @Mixin
    AdminOptions adminOptions;

    @Option(
            names = "--squids",
            defaultValue = "10000",
            description = "squids in the OLD shop at the start (default: ${DEFAULT-VALUE})")
    int squids;

    @Option(
            names = "--dwell",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "load time at each stage, like 10s or 500ms (default: ${DEFAULT-VALUE})")
    Duration dwell;

    @Option(names = "--rollback-drill", description = "go back and forth across stages 4, 6 and 10 on the way")
    boolean rollbackDrill;

    @Option(names = "--readers", defaultValue = "4", description = "reading clients (default: ${DEFAULT-VALUE})")
    int readers;

    @Option(names = "--writers", defaultValue = "2", description = "writing clients (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(
            names = "--read-after-writers",
            defaultValue = "2",
            description = "clients that read right after writing (default: ${DEFAULT-VALUE})")
    int readAfterWriters;

    @Option(
            names = "--adjusters",
            defaultValue = "2",
            description = "stock-adjusting clients (default: ${DEFAULT-VALUE})")
    int adjusters;

    @Option(
            names = "--pause",
            defaultValue = "20ms",
            converter = DurationConverter.class,
            description = "pause of each client between requests (default: ${DEFAULT-VALUE})")
    Duration pause;

    @Option(
            names = "--quiet-period",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "how long without old-API calls before stage 10 (default: ${DEFAULT-VALUE})")
    Duration quietPeriod;

    @Option(
            names = "--report-dir",
            defaultValue = ".molt/report",
            description = "where the report goes (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (squids < 1 || readers < 0 || writers < 0 || readAfterWriters < 0 || adjusters < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(),
                    "--squids and --adjusters must be at least 1; client counts must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        PlaySettings settings = new PlaySettings(
                squids,
                dwell,
                rollbackDrill,
                readers,
                writers,
                readAfterWriters,
                adjusters,
                pause,
                Duration.ofSeconds(90),
                reportDir.toAbsolutePath());
        if (attachOptions.attach) {
            return new Player(attachOptions.target(adminOptions.client()), settings, out).play() ? 0 : 1;
        }
        Stack stack =
                stackOptions.start(Map.of("molt.gateway.cutover.quiet-period", quietPeriod.toMillis() + "ms"), out);
        try {
            return new Player(target(stack), settings, out).play() ? 0 : 1;
        } finally {
            stack.close();
        }
    }

    private static PlayTarget target(Stack stack) {
        return new PlayTarget(
                URI.create(Stack.local(stack.ports().gateway())),
                new AdminClient(URI.create(Stack.local(stack.ports().admin())), stack.adminToken()),
                URI.create(Stack.local(stack.ports().replicator())),
                stack.oldDatabase(),
                stack.newDatabase());
    }
}
