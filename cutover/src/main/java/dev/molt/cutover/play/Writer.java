package dev.molt.cutover.play;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates squids of its own, replaces them with {@code If-Match} on the version it was last told,
 * and deletes some. Nobody else writes its squids, so a 412 would mean a write was lost or
 * reordered: it is unexpected.
 */
final class Writer extends LoadClient {

    private final List<Long> mine = new ArrayList<>();
    private int counter;

    Writer(ShopClient shop, Traffic traffic, Ledger ledger, long seed, long pauseMillis) {
        super(shop, traffic, ledger, seed, pauseMillis);
    }

    @Override
    void step() {
        int dice = random.nextInt(10);
        if (mine.size() < 3 || dice < 3) {
            create();
        } else if (dice < 9 || mine.size() < 5) {
            replace(mine.get(random.nextInt(mine.size())));
        } else {
            delete(mine.remove(random.nextInt(mine.size())));
        }
    }

    private void create() {
        String name = shop.id() + " squid " + (++counter);
        Outcome outcome = shop.create(name, 1000 + random.nextInt(9000), random.nextInt(100), origin());
        if (record(outcome, status -> status == 201)) {
            ledger.wrote(outcome.squid());
            mine.add(outcome.squid().id());
        } else if (outcome.unknown()) {
            ledger.unknownCreate(name);
        }
    }

    private void replace(long id) {
        Ledger.Expected known = ledger.owned(id);
        String name = shop.id() + " squid " + (++counter);
        Outcome outcome =
                shop.replace(id, name, 1000 + random.nextInt(9000), random.nextInt(100), origin(), known.version());
        if (record(outcome, OK)) {
            ledger.wrote(outcome.squid());
        } else if (outcome.unknown()) {
            ledger.unknownReplace(id, name);
            mine.remove(id);
        }
    }

    private void delete(long id) {
        Outcome outcome = shop.delete(id);
        if (record(outcome, status -> status == 204)) {
            ledger.deleted(id);
        } else if (outcome.unknown()) {
            ledger.unknownDelete(id);
        }
    }

    private String origin() {
        return random.nextBoolean() ? null : "Jeju " + random.nextInt(5);
    }
}
