package dev.molt.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./molt status}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the stage, routes, replication and blockers.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Option(names = "--json", description = "print the admin API's JSON as it is")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var state = admin.client().state();
        if (json) {
            spec.commandLine().getOut().println(state.toPrettyString());
        } else {
            StateView.print(state, spec.commandLine().getOut());
        }
        return 0;
    }
}
