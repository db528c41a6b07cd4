package dev.molt.cutover.cli;

/** Runs {@code molt} with arguments and returns its exit status instead of exiting, for tests and embedding. */
public final class MoltLauncher {

    private MoltLauncher() {}

    public static int run(String... args) {
        return Molt.run(args);
    }
}
