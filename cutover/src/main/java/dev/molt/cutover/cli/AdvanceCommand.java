package dev.molt.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./molt advance}: one stage forward, if its guards allow. */
@Command(
        name = "advance",
        mixinStandardHelpOptions = true,
        description = "Move one stage forward after checking its guards.")
final class AdvanceCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Option(names = "--force", description = "override a guard where the stage table allows it")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StateView.print(admin.client().advance(force), spec.commandLine().getOut());
        return 0;
    }
}
