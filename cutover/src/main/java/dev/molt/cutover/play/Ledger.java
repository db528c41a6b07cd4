package dev.molt.cutover.play;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every acknowledged write and the state it leaves behind. A squid created by a writer is touched
 * by that writer alone, so its last acknowledged state is its final one; the seed squids are
 * touched only by stock adjusters, whose acknowledged deltas add up. A write whose answer never
 * came (a transport error) leaves its squid uncertain: it is reported, not guessed.
 */
final class Ledger {

    /** The state a squid must have at the end, or {@code deleted}. */
    record Expected(String name, int price, int stock, String origin, long version, boolean deleted) {}

    private record Seed(String name, int price, int stock, String origin, long version) {}

    private final Map<Long, Seed> seeds = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> seedDeltas = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> seedAdjustments = new ConcurrentHashMap<>();
    private final Map<Long, Expected> owned = new ConcurrentHashMap<>();
    private final Set<Long> uncertain = ConcurrentHashMap.newKeySet();
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

    void uncertain(long id) {
        uncertain.add(id);
    }

    Expected owned(long id) {
        return owned.get(id);
    }

    long acknowledgedWrites() {
        return acknowledged.get();
    }

    /** The final state every known squid must have, uncertain ones left out. */
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
        uncertain.forEach(all::remove);
        return all;
    }

    Set<Long> uncertainIds() {
        return Set.copyOf(uncertain);
    }
}
