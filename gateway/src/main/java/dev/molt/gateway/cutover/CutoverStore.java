package dev.molt.gateway.cutover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stage and its history, kept in two files so that the one that must be written inside a
 * fenced switch is tiny.
 * <ul>
 *   <li>The <em>stage file</em> ({@code <state-file>.stage}, a few bytes) is the truth about which
 *       routes are served. It is replaced atomically (temporary file, fsync, rename, fsync of the
 *       directory) before any route of a new stage is published, so a crash at any point leaves it
 *       naming either the routes that were served or the ones about to be.
 *   <li>The <em>state file</em> ({@code <state-file>}, JSON with the stage and the history) is the
 *       record for people and guards. It is rewritten after the stage file, and for a fenced switch
 *       only after the held commands were released: rewriting a long history costs tens of
 *       milliseconds on a busy disk, time that commands would otherwise be held for.
 * </ul>
 * On start the stage file wins; where it does not exist (a first start, or a state file written by
 * hand or by an older gateway) the state file's stage is used. A crash between the two writes loses
 * at most the history line of the last transition, never the stage: see {@link Cutover} for why the
 * order inside a fenced switch (drain, persist the stage, publish the routes, release) cannot lose
 * a write.
 */
@Component
class CutoverStore {

    private static final Logger log = LoggerFactory.getLogger(CutoverStore.class);
    private static final int MAX_HISTORY = 1000;

    private final Path file;
    private final Path stageFile;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();
    private volatile State state;
    private volatile int persistedStage;

    CutoverStore(CutoverProperties properties) {
        this.file = properties.stateFile().toAbsolutePath();
        this.stageFile = file.resolveSibling(file.getFileName() + ".stage");
        this.state = load();
        this.persistedStage = Files.exists(stageFile) ? state.stage() : 0;
    }

    State state() {
        return state;
    }

    /**
     * Makes {@code stage} durable in the small stage file and current in memory, leaving the history
     * for a later {@link #save}. The rename is the commit point: once it happened the stage counts as
     * persisted even if the directory fsync after it fails (that is logged), so that what this
     * process serves and what it would come back with never differ.
     */
    synchronized void persistStage(int stage) {
        Stage.of(stage);
        if (persistedStage != stage) {
            writeStageFile(stage);
            persistedStage = stage;
        }
        state = new State(stage, state.history());
    }

    /** Records {@code entry} with {@code stage} as the current stage; the stage file first, if it changes. */
    synchronized void save(int stage, HistoryEntry entry) {
        persistStage(stage);
        List<HistoryEntry> history = new ArrayList<>(state.history());
        history.add(entry);
        if (history.size() > MAX_HISTORY) {
            history = new ArrayList<>(history.subList(history.size() - MAX_HISTORY, history.size()));
        }
        State next = new State(stage, List.copyOf(history));
        write(next);
        state = next;
    }

    private State load() {
        State loaded = Files.exists(file) ? readStateFile() : new State(Stage.CURRENT_STATE.number(), List.of());
        if (!Files.exists(stageFile)) {
            return loaded;
        }
        try {
            int stage = json.readTree(stageFile.toFile()).required("stage").asInt();
            Stage.of(stage);
            return new State(stage, loaded.history());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot read the stage from " + stageFile + ": " + e.getMessage()
                            + ". Fix or move the file; the gateway will not guess the stage.",
                    e);
        }
    }

    private State readStateFile() {
        try {
            State loaded = json.readValue(file.toFile(), State.class);
            Stage.of(loaded.stage());
            return new State(loaded.stage(), loaded.history() == null ? List.of() : List.copyOf(loaded.history()));
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot read the cutover state from " + file + ": " + e.getMessage()
                            + ". Fix or move the file; the gateway will not guess the stage.",
                    e);
        }
    }

    private void writeStageFile(int stage) {
        Path temp;
        try {
            Files.createDirectories(file.getParent());
            temp = Files.createTempFile(
                    file.getParent(), stageFile.getFileName().toString(), ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(("{\"stage\":" + stage + "}\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temp, stageFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not persist stage " + stage + " to " + stageFile, e);
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            log.warn("Stage {} written to {}, but syncing its directory failed: {}", stage, stageFile, e.toString());
        }
    }

    private void write(State next) {
        try {
            Files.createDirectories(file.getParent());
            Path temp =
                    Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            json.writeValue(temp.toFile(), next);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not persist the cutover state to " + file, e);
        }
    }

    /** What the state file holds. */
    record State(int stage, List<HistoryEntry> history) {}
}
