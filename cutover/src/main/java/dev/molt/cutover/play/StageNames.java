package dev.molt.cutover.play;

/** The stage names of DESIGN.md's table, for reports. */
final class StageNames {

    private static final String[] NAMES = {
        "",
        "current state",
        "replicate OLD -> NEW",
        "NEW query deployed",
        "switch query routing",
        "NEW command deployed",
        "switch command routing",
        "stop forward replication",
        "add NEW API routing",
        "clients switch API",
        "remove OLD routing",
        "remove OLD API endpoints",
        "done"
    };

    private StageNames() {}

    static String of(int stage) {
        return stage >= 1 && stage < NAMES.length ? NAMES[stage] : "stage " + stage;
    }
}
