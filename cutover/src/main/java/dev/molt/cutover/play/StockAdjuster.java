package dev.molt.cutover.play;

import java.util.List;

/**
 * Adjusts the stock of the seed squids, which only adjusters touch. Adjustments are not
 * idempotent: one applied twice or lost shows in the final stock.
 */
final class StockAdjuster extends LoadClient {

    private final List<Long> ids;

    StockAdjuster(ShopClient shop, Traffic traffic, Ledger ledger, long seed, long pauseMillis) {
        super(shop, traffic, ledger, seed, pauseMillis);
        this.ids = ledger.seedIds();
    }

    @Override
    void step() {
        long id = ids.get(random.nextInt(ids.size()));
        int delta = random.nextInt(9) - 3;
        if (delta == 0) {
            delta = 1;
        }
        Outcome outcome = shop.adjust(id, delta);
        if (record(outcome, OK)) {
            ledger.adjusted(id, delta);
        } else if (outcome.unknown()) {
            ledger.unknownAdjustment(id, delta);
        }
    }
}
