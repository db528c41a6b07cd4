package dev.molt.cutover.cli;

import dev.molt.cutover.admin.AdminClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** One stage forward or back through the admin API, printing the state it leads to. */
abstract class TransitionCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Option(names = "--force", description = "override a guard where the stage table allows it")
    boolean force;

    @Option(
            names = "--override",
            description = "move even while a target is declared, which clears the target (in the history)")
    boolean override;

    @Spec
    CommandSpec spec;

    abstract JsonNode transition(AdminClient client, boolean force, boolean override);

    @Override
    public Integer call() {
        StateView.print(
                transition(admin.client(), force, override), spec.commandLine().getOut());
        return 0;
    }
}
