package dev.molt.cutover.play;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every acknowledged write and the state it leaves behind. A squid created by a writer is touched
 * by that writer alone, so its last acknowledged state is its final one; the seed squids are
 * touched only by stock adjusters, whose acknowledged deltas add up. A command whose outcome the
 * client could not know (a cut connection, 502, 503, 504) is kept as {@link Unknown}: the final
 * check accepts it applied once or not at all, never twice.
 */
final class Ledger {

    /** The state a squid must have at the end, or {@code deleted}. */
    record Expected(String name, int price, int stock, String origin, long version, boolean deleted) {}

    /** The commands of unknown outcome on one squid: adjustments, a replace (its unique name), a delete. */
    static final class Unknown {
        final List<Integer> deltas = new CopyOnWriteArrayList<>();
        volatile String replacedBy;
        volatile boolean deleteTried;

        int commands() {
            return deltas.size() + (replacedBy == null ? 0 : 1) + (deleteTried ? 1 : 0);
        }
    }

    private record Seed(String name, int price, int stock, String origin, long version) {}

    private final Map<Long, Seed> seeds = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> seedDeltas = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> seedAdjustments = new ConcurrentHashMap<>();
    private final Map<Long, Expected> owned = new ConcurrentHashMap<>();
    private final Map<Long, Unknown> unknown = new ConcurrentHashMap<>();
    private final Set<String> unknownCreates = ConcurrentHashMap.newKeySet();
    private final AtomicLong acknowledged = new AtomicLong();

    void seed(long id, String name, int price, int stock, String origin) {
        seeds.put(id, new Seed(name, price, stock, origin, 1));
        seedDeltas.put(id, new AtomicLong());
        seedAdjustments.put(id, new AtomicLong());
    }

    List<Long> seedIds() {
        return new ArrayList<>(seeds.keySet());
    }

    void adjusted(long seedId, int delta) {
        seedDeltas.get(seedId).addAndGet(delta);
        seedAdjustments.get(seedId).incrementAndGet();
        acknowledged.incrementAndGet();
    }

    void wrote(Squid squid) {
        owned.put(
                squid.id(),
                new Expected(squid.name(), squid.price(), squid.stock(), squid.origin(), squid.version(), false));
        acknowledged.incrementAndGet();
    }

    void deleted(long id) {
        owned.put(id, new Expected(null, 0, 0, null, 0, true));
        acknowledged.incrementAndGet();
    }

    void unknownAdjustment(long id, int delta) {
        unknown(id).deltas.add(delta);
    }

    void unknownReplace(long id, String name) {
        unknown(id).replacedBy = name;
    }

    void unknownDelete(long id) {
        unknown(id).deleteTried = true;
    }

    /** A create whose answer never came: its (unique) name may be found once, never twice. */
    void unknownCreate(String name) {
        unknownCreates.add(name);
    }

    private Unknown unknown(long id) {
        return unknown.computeIfAbsent(id, i -> new Unknown());
    }

    Expected owned(long id) {
        return owned.get(id);
    }

    long acknowledgedWrites() {
        return acknowledged.get();
    }

    /** The final state every known squid must have after its acknowledged writes (see {@link #unknowns()}). */
    Map<Long, Expected> expectations() {
        Map<Long, Expected> all = new java.util.HashMap<>(owned);
        seeds.forEach((id, seed) -> all.put(
                id,
                new Expected(
                        seed.name(),
                        seed.price(),
                        (int) (seed.stock() + seedDeltas.get(id).get()),
                        seed.origin(),
                        seed.version() + seedAdjustments.get(id).get(),
                        false)));
        return all;
    }

    /** The commands of unknown outcome, by squid. */
    Map<Long, Unknown> unknowns() {
        return Map.copyOf(unknown);
    }

    /** How many commands ended with an outcome the client could not know. */
    long unknownCommands() {
        return unknown.values().stream().mapToLong(Unknown::commands).sum() + unknownCreates.size();
    }
}
