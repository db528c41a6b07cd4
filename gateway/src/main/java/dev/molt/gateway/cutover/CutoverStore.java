package dev.molt.gateway.cutover;

import dev.molt.gateway.clients.CallTimes;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stage, its history and the guard clocks, kept in three files so that the one that must be
 * written inside a fenced switch is tiny. Every file is replaced the same durable way
 * ({@link DurableFiles}: temporary file, fsync, atomic rename, fsync of the directory).
 * <ul>
 *   <li>The <em>stage file</em> ({@code <state-file>.stage}, a few bytes: the stage and when it was
 *       entered) is the truth about which routes are served. It is replaced before any route of a
 *       new stage is published, so a crash at any point leaves it naming either the routes that were
 *       served or the ones about to be.
 *   <li>The <em>state file</em> ({@code <state-file>}, JSON with the stage and the history) is the
 *       record for people and guards. It is rewritten after the stage file, and for a fenced switch
 *       only after the held commands were released: rewriting a long history costs tens of
 *       milliseconds on a busy disk, time that commands would otherwise be held for.
 *   <li>The <em>calls file</em> ({@code <state-file>.calls}) holds the last call per route group and
 *       target ({@link CallTimes}), so that the quiet-period guards do not pass at once after a
 *       restart. {@link GuardTimers} writes it at a bounded rate, never on a request's path.
 * </ul>
 * On start the stage file wins; where it does not exist (a first start, or a state file written by
 * hand or by an older gateway) the state file's stage is used. A crash between the two writes loses
 * at most the history line of the last transition, never the stage: see {@link Cutover} for why the
 * order inside a fenced switch (drain, persist the stage, publish the routes, release) cannot lose
 * a write. A history that cannot be read (a torn file from an older gateway, an edit by hand) does not
 * keep the gateway from starting while the stage file is intact: its readable entries are kept and
 * a warning is logged. Without a stage file the gateway refuses to guess.
 * <p>
 * With a state database ({@code molt.gateway.state.url}, shared by the replicas) the database is
 * the truth ({@link SharedStage}): the files are a cache it overrules, seeding it only where no
 * replica stored a stage yet. A stage change is then a compare-and-set on the stored epoch; losing
 * it throws {@link StageConflictException} with the winner's stage already in force here.
 */
@Component
class CutoverStore {

    private static final Logger log = LoggerFactory.getLogger(CutoverStore.class);
    private static final int MAX_HISTORY = 1000;
    private final Path file;
    private final Path stageFile;
    private final Path callsFile;
    private final JsonMapper json = JsonMapper.builder()
            .findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Object callsLock = new Object();
    private final CallTimes storedCalls;
    private volatile State state;
    private volatile int persistedStage;
    private volatile Long enteredAt;
    private final SharedStage shared;
    private final TransitionLock lock;
    private volatile long epoch;
    private volatile long historySeq = -1;

    CutoverStore(CutoverProperties properties) {
        this(properties, null);
    }

    @Autowired
    CutoverStore(CutoverProperties properties, StateStoreProperties stateStore) {
        this.file = properties.stateFile().toAbsolutePath();
        this.stageFile = file.resolveSibling(file.getFileName() + ".stage");
        this.callsFile = file.resolveSibling(file.getFileName() + ".calls");
        this.state = load();
        this.persistedStage = Files.exists(stageFile) ? state.stage() : 0;
        CallTimes fileCalls = loadCalls();
        this.shared = stateStore != null && stateStore.shared() ? new SharedStage(stateStore) : null;
        if (shared == null) {
            this.storedCalls = fileCalls;
            this.lock = null;
            return;
        }
        SharedStage.Snapshot seeded = shared.seed(state.stage(), enteredAt, state.history());
        this.lock = new TransitionLock(stateStore);
        adopt(seeded);
        this.storedCalls = shared.mergeCallTimes(fileCalls);
        log.info(
                "Cutover state shared in {}: stage {} at epoch {}; {} is a cache",
                shared.describe(),
                seeded.stage(),
                seeded.epoch(),
                file);
    }

    /** True when replicas share the state through a database, so the guard clocks are merged there. */
    boolean sharesState() {
        return shared != null;
    }

    /** The epoch of the stage in force here: 0 for a state file alone. */
    long epoch() {
        return epoch;
    }

    /**
     * Reads the state database and takes what changed since the last read (another replica's stage or
     * history lines). True when the stage or its epoch changed. Without a state database: false.
     */
    synchronized boolean refresh() {
        if (shared == null) {
            return false;
        }
        SharedStage.Snapshot now = shared.read();
        if (now.epoch() == epoch && now.lastHistorySeq() == historySeq) {
            return false;
        }
        boolean moved = now.epoch() != epoch || now.stage() != state.stage();
        adopt(now);
        return moved;
    }

    /**
     * The lock that lets one replica at a time run a transition: taken at once where it is free,
     * else after waiting at most {@code wait} (zero: not at all); null when another replica still
     * holds it. Without a state database a lock of this call alone. Close it on the same thread.
     */
    HeldLock lockAcrossReplicas(Duration wait) {
        if (lock == null) {
            Lock alone = new ReentrantLock();
            alone.lock();
            return new HeldLock(alone, false);
        }
        Lock free = lock.tryAcquire(Duration.ZERO);
        if (free != null) {
            return new HeldLock(free, false);
        }
        Lock waitedFor = wait.isZero() ? null : lock.tryAcquire(wait);
        return waitedFor == null ? null : new HeldLock(waitedFor, true);
    }

    /**
     * The lock shared by the replicas, held; {@code waited}: another replica held it first, so the
     * stage may have moved meanwhile. Closing it releases it, quietly where it had expired.
     */
    record HeldLock(Lock lock, boolean waited) implements AutoCloseable {
        @Override
        public void close() {
            try {
                lock.unlock();
            } catch (RuntimeException e) {
                log.warn(
                        "The transition lock shared by the replicas had expired before the transition ended: {}",
                        e.toString());
            }
        }
    }

    /** The state database, for the replicas' check-ins; null without one. */
    SharedStage shared() {
        return shared;
    }

    @PreDestroy
    void close() {
        if (lock != null) {
            lock.close();
        }
        if (shared != null) {
            shared.close();
        }
    }

    private void adopt(SharedStage.Snapshot snapshot) {
        List<HistoryEntry> history =
                snapshot.lastHistorySeq() == historySeq ? state.history() : shared.history(MAX_HISTORY);
        epoch = snapshot.epoch();
        historySeq = snapshot.lastHistorySeq();
        enteredAt = snapshot.enteredAt();
        state = new State(snapshot.stage(), history);
        cache(snapshot.stage(), snapshot.enteredAt());
    }

    /** Writes the stage and state files as the cache of what the state database holds; a failure is only logged. */
    private void cache(int stage, Long at) {
        try {
            DurableFiles.replace(
                    stageFile,
                    ("{\"stage\":" + stage + ",\"enteredAt\":" + at + "}\n").getBytes(StandardCharsets.UTF_8));
            persistedStage = stage;
            DurableFiles.replace(file, json.writeValueAsBytes(state));
        } catch (RuntimeException e) {
            log.warn("Could not cache the shared cutover state in {}: {}", file, e.getMessage());
        }
    }

    State state() {
        return state;
    }

    /** When the current stage was entered, where the stage file says (files of older gateways do not). */
    Optional<Instant> stageEnteredAt() {
        Long at = enteredAt;
        return at == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
    }

    /** The call times stored by the last run, or {@link CallTimes#none()}. */
    CallTimes storedCallTimes() {
        return storedCalls;
    }

    /**
     * Makes {@code stage} durable in the small stage file and current in memory, leaving the history
     * for a later {@link #save}. The rename is the commit point: once it happened the stage counts as
     * persisted even if the directory fsync after it fails (that is logged), so that what this
     * process serves and what it would come back with never differ.
     */
    synchronized void persistStage(int stage) {
        Stage.of(stage);
        if (shared != null) {
            persistShared(stage);
            return;
        }
        if (persistedStage != stage) {
            long now = System.currentTimeMillis();
            DurableFiles.replace(
                    stageFile,
                    ("{\"stage\":" + stage + ",\"enteredAt\":" + now + "}\n").getBytes(StandardCharsets.UTF_8));
            persistedStage = stage;
            enteredAt = now;
        }
        state = new State(stage, state.history());
    }

    private void persistShared(int stage) {
        if (state.stage() == stage) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!shared.compareAndSet(epoch, stage, now)) {
            adopt(shared.read());
            throw new StageConflictException(state.stage(), stage);
        }
        epoch++;
        enteredAt = now;
        state = new State(stage, state.history());
        cache(stage, now);
    }

    /** Records {@code entry} with the stage in force unchanged: a refused, aborted or failed attempt. */
    synchronized void append(HistoryEntry entry) {
        save(state.stage(), entry);
    }

    /** Records {@code entry} with {@code stage} as the current stage; the stage file first, if it changes. */
    synchronized void save(int stage, HistoryEntry entry) {
        persistStage(stage);
        if (shared != null) {
            shared.append(entry);
            SharedStage.Snapshot now = shared.read();
            historySeq = now.lastHistorySeq();
            List<HistoryEntry> history = shared.history(MAX_HISTORY);
            state = new State(stage, history);
            cache(stage, enteredAt);
            return;
        }
        List<HistoryEntry> history = new ArrayList<>(state.history());
        history.add(entry);
        if (history.size() > MAX_HISTORY) {
            history = new ArrayList<>(history.subList(history.size() - MAX_HISTORY, history.size()));
        }
        State next = new State(stage, List.copyOf(history));
        DurableFiles.replace(file, json.writeValueAsBytes(next));
        state = next;
    }

    /**
     * Makes {@code times} durable in the calls file, or merges them with the other replicas' in the
     * state database; returns the latest of every replica (just {@code times} without a database).
     * Its own lock, so it never delays a fenced switch.
     */
    CallTimes persistCallTimes(CallTimes times) {
        synchronized (callsLock) {
            if (shared != null) {
                return shared.mergeCallTimes(times);
            }
            DurableFiles.replace(callsFile, json.writeValueAsBytes(times));
            return times;
        }
    }

    private State load() {
        boolean haveStageFile = Files.exists(stageFile);
        List<HistoryEntry> history = List.of();
        Integer stateFileStage = null;
        if (Files.exists(file)) {
            try {
                State loaded = json.readValue(file.toFile(), State.class);
                Stage.of(loaded.stage());
                stateFileStage = loaded.stage();
                history = loaded.history() == null ? List.of() : List.copyOf(loaded.history());
            } catch (RuntimeException e) {
                if (!haveStageFile) {
                    throw new IllegalStateException(
                            "Cannot read the cutover state from " + file + ": " + e.getMessage()
                                    + ". Fix or move the file; the gateway will not guess the stage.",
                            e);
                }
                history = readableHistory();
                log.warn(
                        "Cannot read the cutover history from {} ({}); starting from the stage file {} with the {}"
                                + " readable history entries. The next transition rewrites the history file.",
                        file,
                        e.getMessage(),
                        stageFile,
                        history.size());
            }
        }
        if (!haveStageFile) {
            return new State(stateFileStage == null ? Stage.CURRENT_STATE.number() : stateFileStage, history);
        }
        try {
            JsonNode stored = json.readTree(stageFile.toFile());
            int stage = stored.required("stage").asInt();
            Stage.of(stage);
            JsonNode at = stored.get("enteredAt");
            enteredAt = at == null || at.isNull() ? null : at.asLong();
            return new State(stage, history);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot read the stage from " + stageFile + ": " + e.getMessage()
                            + ". Fix or move the file; the gateway will not guess the stage.",
                    e);
        }
    }

    /** The history entries before the point where the state file stops being readable. */
    private List<HistoryEntry> readableHistory() {
        List<HistoryEntry> entries = new ArrayList<>();
        ObjectReader entryReader =
                json.readerFor(HistoryEntry.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try (JsonParser parser = json.createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return List.of();
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("history".equals(name) && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        entries.add(entryReader.readValue(parser));
                    }
                    break;
                }
                parser.skipChildren();
            }
        } catch (RuntimeException e) {
            log.debug("History of {} readable up to entry {}: {}", file, entries.size(), e.toString());
        }
        return List.copyOf(entries);
    }

    private CallTimes loadCalls() {
        if (!Files.exists(callsFile)) {
            return CallTimes.none();
        }
        try {
            return json.readValue(callsFile.toFile(), CallTimes.class);
        } catch (RuntimeException e) {
            log.warn(
                    "Cannot read the last call times from {} ({}); the quiet-period guards count from now.",
                    callsFile,
                    e.getMessage());
            return CallTimes.everyRouteToNewAt(System.currentTimeMillis());
        }
    }

    /** What the state file holds. */
    record State(int stage, List<HistoryEntry> history) {}
}
