package dev.molt.cutover.play;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A crash the fault drill inflicts, named as {@code --faults} takes it, with the process it kills
 * and the stages at which it hurts most (killed in the middle of their dwell); the gateway's is
 * the exception: it dies in the middle of the fenced command switch 5 -> 6.
 */
public enum Fault {
    /** The replicator while it streams OLD -> NEW (stage 3) and again while it streams NEW -> OLD (stage 7). */
    REPLICATOR("replicator", "replicator", 3, 7),
    /** The OLD database while it takes the writes and NEW takes the reads (stage 4). */
    OLD_DB("old-db", "old-db", 4),
    /** The gateway right after the advance to stage 6 was sent, while its fenced switch holds the commands. */
    GATEWAY_SWITCH("gateway-switch", "gateway"),
    /** new-command while it takes the writes (stage 8). */
    NEW_COMMAND("new-command", "new-command", 8),
    /** The Kafka broker of the change log while it carries OLD's writes to NEW (stage 5), on the Kafka transport only. */
    KAFKA("kafka", "kafka", 5);

    private final String id;
    private final String process;
    private final int[] stages;

    Fault(String id, String process, int... stages) {
        this.id = id;
        this.process = process;
        this.stages = stages;
    }

    /** The name {@code --faults} takes. */
    public String id() {
        return id;
    }

    /** The process of the stack it kills. */
    String process() {
        return process;
    }

    /** Whether it strikes in the middle of the dwell at {@code stage}. */
    boolean strikesAt(int stage) {
        return Arrays.stream(stages).anyMatch(s -> s == stage);
    }

    /**
     * The faults of a comma-separated list, or all for {@code all} or an empty list.
     *
     * @throws IllegalArgumentException naming the unknown fault and the known ones
     */
    public static Set<Fault> parse(String list) {
        String trimmed = list == null ? "" : list.strip();
        if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("all")) {
            return EnumSet.allOf(Fault.class);
        }
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String name : trimmed.split(",")) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            faults.add(Arrays.stream(values())
                    .filter(f -> f.id.equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "unknown fault '" + name.strip() + "'; choose from " + known() + " (or all)")));
        }
        return faults;
    }

    static String known() {
        return Arrays.stream(values()).map(Fault::id).collect(Collectors.joining(", "));
    }
}
