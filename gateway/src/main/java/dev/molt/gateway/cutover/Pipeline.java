package dev.molt.gateway.cutover;

import dev.molt.gateway.replication.ApplyMode;
import dev.molt.gateway.replication.ReplicatorClient;
import java.util.Arrays;
import java.util.List;

/**
 * The two replication pipelines, the stages at which each must run and those at which it applies
 * what it captures: the "data flow" column of the stage table as one function of the stage.
 * Forward carries OLD's writes to NEW from stage 2 until the step into 7 stops it; reverse carries
 * NEW's writes back to OLD from the command switch (6) until the step into 11 stops it. A pipeline
 * applies only while its source takes the application's writes (forward up to 5, reverse from 6):
 * at 6 the forward stream still runs, so that a rollback finds it where it was, but discards what
 * it captures, which is only the reverse stream's echo (see {@link ApplyMode}); the command switch
 * changes both modes inside its fence. The plan's steps start and stop what this says for the stage
 * they go to, and the {@link PipelineReconciler} holds the replicator to it between transitions.
 */
public enum Pipeline {
    FORWARD(Stage.REPLICATING, Stage.COMMAND_SWITCHED),
    REVERSE(Stage.COMMAND_SWITCHED, Stage.OLD_ROUTING_REMOVED);

    private final Stage first;
    private final Stage last;

    Pipeline(Stage first, Stage last) {
        this.first = first;
        this.last = last;
    }

    /** True when this pipeline must run while {@code stage} is the current stage. */
    public boolean runsAt(Stage stage) {
        return stage.number() >= first.number() && stage.number() <= last.number();
    }

    /**
     * Whether this pipeline writes what it captures at {@code stage}: {@code APPLY} where its source
     * takes the application's writes (OLD before the command switch, NEW from it on), {@code DISCARD}
     * where the source carries only the other pipeline's echoes.
     */
    public ApplyMode modeAt(Stage stage) {
        boolean oldTakesWrites = stage.number() < Stage.COMMAND_SWITCHED.number();
        return (this == FORWARD) == oldTakesWrites ? ApplyMode.APPLY : ApplyMode.DISCARD;
    }

    /** The pipelines that must run at {@code stage}, forward first. */
    public static List<Pipeline> runningAt(Stage stage) {
        return Arrays.stream(values()).filter(p -> p.runsAt(stage)).toList();
    }

    /** The pipelines that run at {@code from} and not at {@code to}: what going from one to the other stops. */
    public static List<Pipeline> stoppedBetween(Stage from, Stage to) {
        return Arrays.stream(values())
                .filter(p -> p.runsAt(from) && !p.runsAt(to))
                .toList();
    }

    /** This pipeline's name at the replicator. */
    public String nameIn(ReplicatorClient replicator) {
        return this == FORWARD ? replicator.forward() : replicator.reverse();
    }
}
