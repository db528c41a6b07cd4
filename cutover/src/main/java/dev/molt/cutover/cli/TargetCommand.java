package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./molt target N}: declares the stage the gateway converges to, one guarded step at a time,
 * instead of typing each advance or rollback; {@code --clear} hands the stage back to the hand. A
 * target in the gateway's configuration is the reviewed way; this is its imperative twin.
 */
@Command(
        name = "target",
        mixinStandardHelpOptions = true,
        description = "Declare the stage the gateway converges to through the guards, or clear it.")
final class TargetCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "STAGE", description = "the target stage, 1-12")
    Integer stage;

    @Option(
            names = "--force",
            split = ",",
            paramLabel = "STAGE",
            description = "stages whose forceable guards may be forced on the way, e.g. --force 10")
    List<Integer> force = new ArrayList<>();

    @Option(names = "--reason", description = "why; recorded in the history with every step taken for it")
    String reason;

    @Option(names = "--clear", description = "clear the target: the stage moves only by hand again")
    boolean clear;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (clear == (stage != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name a target stage (1-12), or --clear");
        }
        if (clear && (!force.isEmpty() || reason != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--clear takes neither --force nor --reason");
        }
        AdminClient client = admin.client();
        if (clear) {
            client.clearTarget();
        } else {
            client.declareTarget(stage, force, reason);
        }
        StateView.print(client.state(), spec.commandLine().getOut());
        return 0;
    }
}
