package dev.molt.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./molt rollback}: one stage back, losing no write. */
@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Move one stage back.")
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Option(names = "--force", description = "override a guard where the stage table allows it")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StateView.print(admin.client().rollback(force), spec.commandLine().getOut());
        return 0;
    }
}
