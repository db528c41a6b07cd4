package dev.molt.cutover.play;

import java.util.List;

/** Reads squids by id (some may be gone: 404 is an answer) and pages of the list. */
final class Reader extends LoadClient {

    private final List<Long> ids;

    Reader(ShopClient shop, Traffic traffic, Ledger ledger, long seed, long pauseMillis) {
        super(shop, traffic, ledger, seed, pauseMillis);
        this.ids = ledger.seedIds();
    }

    @Override
    void step() {
        if (random.nextInt(10) == 0) {
            record(shop.page(random.nextInt(5), 20), OK);
        } else {
            long id = ids.get(random.nextInt(ids.size()));
            record(shop.get(id), status -> status == 200 || status == 404);
        }
    }
}
