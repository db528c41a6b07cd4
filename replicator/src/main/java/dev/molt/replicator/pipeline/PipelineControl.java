package dev.molt.replicator.pipeline;

import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * Start, stop, pause and resume of one pipeline, and its {@link ApplyMode}, as the API asks them:
 * the wanted state (and the mode) is stored
 * in the target first, then the pipeline changes, so that a replicator killed at any moment comes
 * back to what was last asked. A call whose state cannot be stored fails (the caller retries) and
 * changes nothing; a call the pipeline's state refuses stores nothing. At application start,
 * {@link #restore} brings the pipeline back to its stored wanted state, or to the configured
 * auto-start where none is stored.
 */
final class PipelineControl {

    private static final Set<PipelineState> RUNNING =
            Set.of(PipelineState.STARTING, PipelineState.SNAPSHOTTING, PipelineState.STREAMING, PipelineState.RETRYING);

    private final ReplicationPipeline pipeline;
    private final WantedStateRepository repository;
    private volatile WantedState wanted;
    private boolean decided;

    PipelineControl(ReplicationPipeline pipeline) {
        this.pipeline = pipeline;
        this.repository = new WantedStateRepository(
                pipeline.name(), pipeline.config().target(), pipeline.config().tuning());
    }

    /** The wanted state: the stored one, else the auto-start default; null until the target answered. */
    WantedState wanted() {
        return wanted;
    }

    /** Starts the pipeline; with a {@code mode}, in that mode (else in the one stored). */
    synchronized PipelineStatus start(ApplyMode mode) throws SQLException {
        PipelineState now = pipeline.state();
        if (now != PipelineState.STOPPED && now != PipelineState.FAILED) {
            throw conflict(now, "only a stopped or failed pipeline starts");
        }
        if (mode != null) {
            applyMode(mode);
        }
        store(WantedState.RUNNING);
        return pipeline.start();
    }

    /** Stores the mode, then the pipeline writes (or discards) from its next batch on; in any state. */
    synchronized void applyMode(ApplyMode mode) throws SQLException {
        save(mode);
        pipeline.applyMode(mode);
    }

    private void save(ApplyMode mode) throws SQLException {
        try {
            repository.save(mode);
        } catch (SQLException e) {
            throw new SQLException(
                    "could not store the apply mode " + mode + " of pipeline " + pipeline.name()
                            + " in its target, nothing changed: " + e.getMessage(),
                    e.getSQLState(),
                    e);
        }
    }

    /**
     * The pipeline writes (or discards) what its source commits from now on, and the mode is
     * stored: a heartbeat marks the source's position, and the rows before it in the stream keep the
     * mode before. A source that cannot be reached, or a mode that cannot be stored, changes
     * nothing. A replicator restarted before the stream carried the beat comes back in the stored
     * mode at once, from a position before the beat: what the source committed between is the other
     * side's echoes, in commit order, which the version guard makes harmless on a target the switch
     * has fenced.
     */
    synchronized void applyModeFromSourceHead(ApplyMode mode) throws SQLException {
        ApplyMode before = pipeline.applyModeInForce();
        pipeline.applyModeFromSourceHead(mode);
        try {
            save(mode);
        } catch (SQLException e) {
            pipeline.applyMode(before);
            throw e;
        }
    }

    /** Idempotent, as a rollback's or a reconciler's stop must be: a stopped pipeline stays stopped. */
    synchronized PipelineStatus stop() throws SQLException {
        store(WantedState.STOPPED);
        return pipeline.state() == PipelineState.STOPPED ? pipeline.status() : pipeline.stop();
    }

    synchronized PipelineStatus pause() throws SQLException {
        PipelineState now = pipeline.state();
        if (!RUNNING.contains(now)) {
            throw conflict(now, "only a running pipeline pauses");
        }
        store(WantedState.PAUSED);
        return pipeline.pause();
    }

    synchronized PipelineStatus resume() throws SQLException {
        PipelineState now = pipeline.state();
        if (now != PipelineState.PAUSED) {
            throw conflict(now, "only a paused pipeline resumes");
        }
        store(WantedState.RUNNING);
        return pipeline.resume();
    }

    /**
     * Brings the pipeline to its stored wanted state (a paused one starts, then pauses) in its
     * stored apply mode, or starts
     * it where nothing is stored and it is configured to auto-start. Nothing happens where a call
     * through the API came first.
     *
     * @throws SQLException where the target cannot be read; the caller tries again later
     */
    synchronized void restore() throws SQLException {
        if (decided) {
            return;
        }
        Optional<WantedStateRepository.Stored> stored = repository.read();
        WantedState target = stored.map(WantedStateRepository.Stored::wanted)
                .orElse(pipeline.config().autoStart() ? WantedState.RUNNING : WantedState.STOPPED);
        stored.ifPresent(s -> pipeline.applyMode(s.mode()));
        wanted = target;
        decided = true;
        if (target != WantedState.STOPPED && pipeline.state() == PipelineState.STOPPED) {
            pipeline.start();
            if (target == WantedState.PAUSED) {
                pipeline.pause();
            }
        }
    }

    private void store(WantedState next) throws SQLException {
        try {
            repository.save(next);
        } catch (SQLException e) {
            throw new SQLException(
                    "could not store the wanted state " + next + " of pipeline " + pipeline.name()
                            + " in its target, nothing changed: " + e.getMessage(),
                    e.getSQLState(),
                    e);
        }
        wanted = next;
        decided = true;
    }

    private PipelineConflictException conflict(PipelineState now, String rule) {
        return new PipelineConflictException("pipeline " + pipeline.name() + " is " + now + "; " + rule);
    }
}
