package dev.molt.gateway.cutover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stage and its history in one small JSON file, replaced atomically on every change (write a
 * temporary file, then rename over the old one), so that a crash leaves either the old or the new
 * state, never half of one. A file rather than a database: the gateway then needs nothing else to
 * come back on the same stage.
 */
@Component
class CutoverStore {

    private static final int MAX_HISTORY = 1000;

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();
    private volatile State state;

    CutoverStore(CutoverProperties properties) {
        this.file = properties.stateFile().toAbsolutePath();
        this.state = load();
    }

    State state() {
        return state;
    }

    synchronized void save(int stage, HistoryEntry entry) {
        List<HistoryEntry> history = new ArrayList<>(state.history());
        history.add(entry);
        if (history.size() > MAX_HISTORY) {
            history = new ArrayList<>(history.subList(history.size() - MAX_HISTORY, history.size()));
        }
        State next = new State(stage, List.copyOf(history));
        write(next);
        state = next;
    }

    synchronized void replaceLast(HistoryEntry entry) {
        List<HistoryEntry> history = new ArrayList<>(state.history());
        history.set(history.size() - 1, entry);
        State next = new State(state.stage(), List.copyOf(history));
        write(next);
        state = next;
    }

    private State load() {
        if (!Files.exists(file)) {
            return new State(Stage.CURRENT_STATE.number(), List.of());
        }
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

    /** What the file holds. */
    record State(int stage, List<HistoryEntry> history) {}
}
