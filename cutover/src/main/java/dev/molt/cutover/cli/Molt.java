package dev.molt.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./molt}: start the whole stack on embedded databases and drive the cutover through the
 * gateway's admin API. Exit status 0 on success, 1 when something was refused or failed, 2 on
 * wrong use.
 */
@Command(
        name = "molt",
        mixinStandardHelpOptions = true,
        version = "molt 0.1.0",
        description = "Zero-downtime cutover of a live service to a new schema.",
        subcommands = {
            UpCommand.class,
            PlayCommand.class,
            StatusCommand.class,
            AdvanceCommand.class,
            RollbackCommand.class,
            TargetCommand.class,
            ClientsCommand.class,
            VerifyCommand.class,
            LintCommand.class
        })
public final class Molt implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Always ends with {@code System.exit}, which runs the stack's shutdown hook: an error escaping
     * a command must not leave the process, and the databases and services it started, running.
     */
    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (Throwable e) {
            System.err.println("molt: " + e);
            status = 1;
        }
        System.exit(status);
    }

    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Molt()).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("molt: " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                cmd.getErr().println("  because: " + cause.getMessage());
            }
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "name a command: up, play, status, advance, rollback, target, clients, verify, lint");
    }
}
