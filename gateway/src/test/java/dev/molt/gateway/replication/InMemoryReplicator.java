package dev.molt.gateway.replication;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The replicator's contract answered from memory, for unit tests of the logic that reads it (the
 * stage plan's guards): statuses and verifications are set by the test, control calls are recorded.
 * Nothing listens on the configured address; a call not overridden here fails as a closed port would.
 */
public class InMemoryReplicator extends ReplicatorClient {

    private final Map<String, PipelineStatus> statuses = new HashMap<>();
    private final Map<String, Verification> verifications = new HashMap<>();
    private final List<String> controls = new ArrayList<>();
    private final Map<String, ApplyMode> modes = new HashMap<>();

    public InMemoryReplicator() {
        super(new ReplicatorProperties(
                URI.create("http://127.0.0.1:9"),
                Duration.ofMillis(100),
                Duration.ofMillis(100),
                "squid-to-seafood",
                "seafood-to-squid",
                null));
    }

    /** A pipeline in {@code state}, with its snapshot done or not and its lag. */
    public InMemoryReplicator pipeline(String name, String state, boolean snapshotDone, Long lagMillis) {
        statuses.put(
                name,
                new PipelineStatus(
                        name,
                        state,
                        "FAILED".equals(state) ? "boom" : null,
                        new PipelineStatus.Snapshot(snapshotDone, 10, 10, null, null, null),
                        null,
                        null,
                        0L,
                        lagMillis,
                        null,
                        null,
                        modes.getOrDefault(name, ApplyMode.APPLY)));
        return this;
    }

    public InMemoryReplicator verification(String name, boolean equal) {
        verifications.put(
                name, new Verification(equal, 10, List.of(), List.of(), equal ? List.of() : List.of(Map.of("id", 1))));
        return this;
    }

    /** The control calls made, as {@code pipeline action}, in order. */
    public List<String> controls() {
        return controls;
    }

    @Override
    public PipelineStatus status(String pipeline) {
        PipelineStatus status = statuses.get(pipeline);
        if (status == null) {
            throw new ReplicatorException("no pipeline " + pipeline, false, null);
        }
        return status;
    }

    @Override
    public List<PipelineStatus> pipelines() {
        return List.copyOf(statuses.values());
    }

    @Override
    public Verification verify(String pipeline) {
        return verifications.get(pipeline);
    }

    @Override
    public void start(String pipeline, ApplyMode mode) {
        modes.put(pipeline, mode);
        control(pipeline, "start");
    }

    @Override
    public void applyMode(String pipeline, ApplyMode mode) {
        controls.add(pipeline + " apply-mode " + mode);
        modes.put(pipeline, mode);
        PipelineStatus was = status(pipeline);
        pipeline(pipeline, was.state(), was.snapshotCompleted(), was.lagMillis());
    }

    @Override
    public void control(String pipeline, String action) {
        controls.add(pipeline + " " + action);
        PipelineStatus was = status(pipeline);
        String state = action.equals("stop") ? "STOPPED" : action.equals("pause") ? "PAUSED" : "STREAMING";
        pipeline(pipeline, state, was.snapshotCompleted(), was.lagMillis());
    }
}
