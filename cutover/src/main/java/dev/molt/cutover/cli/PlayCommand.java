package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.play.Fault;
import dev.molt.cutover.play.PlaySettings;
import dev.molt.cutover.play.PlayTarget;
import dev.molt.cutover.play.Player;
import dev.molt.cutover.stack.Stack;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code ./molt play}: {@code up}, then the twelve stages under client load, then the report; the
 * stages moved by the play's advance calls, or ({@code --declarative}) by the gateways converging to
 * the target the play declares.
 */
@Command(
        name = "play",
        mixinStandardHelpOptions = true,
        description = "Start the stack, play all twelve stages under client load and report, stage by stage,"
                + " that no request failed, no read was stale and no write was lost. Exit 1 if anything did.")
final class PlayCommand implements Callable<Integer> {

    /** How long the transition lock of a replica that died holding it blocks the others, within the play's patience. */
    private static final Duration REPLICA_LOCK_TTL = Duration.ofSeconds(10);

    /** How often a gateway checks whether a step towards the declared target is due ({@code --declarative}). */
    private static final Duration TARGET_CHECK_INTERVAL = Duration.ofMillis(100);

    /** The longest back-off of a blocked convergence: short, so that a guard that passes again is soon acted on. */
    private static final Duration TARGET_MAX_BACKOFF = Duration.ofSeconds(2);

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

    @Option(
            names = "--declarative",
            description = "declare target stage 12 (forcing 10) and let the gateways converge to it, each step"
                    + " through its guards with --dwell between steps; forward replication is paused at stage 3"
                    + " until the convergence shows the lag guard blocking it; then the target is lowered to 4"
                    + " and the rollback followed. With --attach, give --dwell the gateways' own"
                    + " molt.gateway.cutover.target.dwell")
    boolean declarative;

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
            names = "--clients",
            description = "all clients at once: N split over the kinds as the defaults are (4 readers : 2 writers :"
                    + " 2 read-after-writers : 2 adjusters), instead of --readers, --writers, --read-after-writers"
                    + " and --adjusters")
    Integer clients;

    @Option(
            names = "--faults",
            arity = "0..1",
            fallbackValue = "all",
            paramLabel = "LIST",
            description = "the fault drill: kill (SIGKILL) one process at a time where it hurts and let the"
                    + " supervisor bring it back; all without a list, or some of: replicator, old-db,"
                    + " gateway-switch, new-command, kafka (kafka needs --transport kafka)")
    String faults;

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
        refuseWithDeclarative();
        Set<Fault> drill = drill();
        if (clients != null) {
            splitClients();
        }
        if (squids < 1 || readers < 0 || writers < 0 || readAfterWriters < 0 || adjusters < 1) {
            throw new ParameterException(
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
                reportDir.toAbsolutePath(),
                drill,
                declarative);
        if (attachOptions.attach) {
            return new Player(attachOptions.target(adminOptions.client()), settings, out).play() ? 0 : 1;
        }
        Map<String, String> gatewaySettings = new LinkedHashMap<>();
        gatewaySettings.put("molt.gateway.cutover.quiet-period", quietPeriod.toMillis() + "ms");
        // a replica killed inside a transition keeps the others' transitions waiting until its lock expires
        gatewaySettings.put("molt.gateway.state.lock-ttl", REPLICA_LOCK_TTL.toMillis() + "ms");
        if (declarative) {
            gatewaySettings.put("molt.gateway.cutover.target.dwell", dwell.toMillis() + "ms");
            gatewaySettings.put("molt.gateway.cutover.target.check-interval", TARGET_CHECK_INTERVAL.toMillis() + "ms");
            gatewaySettings.put("molt.gateway.cutover.target.max-backoff", TARGET_MAX_BACKOFF.toMillis() + "ms");
        }
        Stack stack = stackOptions.start(gatewaySettings, out);
        try {
            return new Player(target(stack), settings, out, stack).play() ? 0 : 1;
        } finally {
            stack.close();
        }
    }

    /**
     * {@code --declarative} moves the stages by the gateways' convergence: the rollback drill and the
     * fault drill, which strike between the play's own advance calls, do not combine with it.
     */
    private void refuseWithDeclarative() {
        if (!declarative) {
            return;
        }
        if (rollbackDrill) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--rollback-drill walks the stages by advance and rollback calls; --declarative rolls back"
                            + " by lowering the target to 4 instead: give one or the other");
        }
        if (faults != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--faults strikes between the play's own advance calls; not with --declarative");
        }
    }

    /** The faults of {@code --faults}, checked before anything starts. */
    private Set<Fault> drill() {
        if (faults == null) {
            return Set.of();
        }
        if (attachOptions.attach) {
            throw new ParameterException(
                    spec.commandLine(), "--faults kills processes of the stack ./molt play starts; not with --attach");
        }
        try {
            return Fault.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--faults: " + e.getMessage());
        }
    }

    /** {@code --clients N}: N clients in the default proportions, at least one adjuster. */
    private void splitClients() {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String kind : List.of("--readers", "--writers", "--read-after-writers", "--adjusters")) {
            if (parsed.hasMatchedOption(kind)) {
                throw new ParameterException(
                        spec.commandLine(), "--clients sets " + kind + " too; give one or the other");
            }
        }
        if (clients < 1) {
            throw new ParameterException(spec.commandLine(), "--clients must be at least 1");
        }
        writers = clients / 5;
        readAfterWriters = clients / 5;
        adjusters = Math.max(1, clients / 5);
        readers = Math.max(0, clients - writers - readAfterWriters - adjusters);
    }

    /** Every gateway replica of the stack, the public and the admin API of each. */
    private static PlayTarget target(Stack stack) {
        List<URI> gateways = new ArrayList<>();
        List<AdminClient> admins = new ArrayList<>();
        for (int replica = 0; replica < stack.ports().gateways(); replica++) {
            gateways.add(URI.create(Stack.local(stack.ports().gateway(replica))));
            admins.add(new AdminClient(URI.create(Stack.local(stack.ports().admin(replica))), stack.adminToken()));
        }
        return new PlayTarget(
                gateways,
                admins,
                URI.create(Stack.local(stack.ports().replicator())),
                stack.oldDatabase(),
                stack.newDatabase());
    }
}
