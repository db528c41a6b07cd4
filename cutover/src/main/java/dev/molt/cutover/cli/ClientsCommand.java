package dev.molt.cutover.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./molt clients}: which clients still call the old API. */
@Command(
        name = "clients",
        mixinStandardHelpOptions = true,
        description = "List API clients and their last old-API call.")
final class ClientsCommand implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(admin.client().clients().toPrettyString());
        return 0;
    }
}
