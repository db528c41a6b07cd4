package dev.molt.cutover.play;

/**
 * Adjusts the stock of its own squid and reads it straight back: the read must show at least the
 * version the write was acknowledged with. Between stages 4 and 6 writes go to OLD and reads to
 * NEW, so this is the client the gateway's read-your-writes must protect.
 */
final class ReadAfterWriter extends LoadClient {

    private long id = -1;
    private int created;

    ReadAfterWriter(ShopClient shop, Traffic traffic, Ledger ledger, long seed, long pauseMillis) {
        super(shop, traffic, ledger, seed, pauseMillis);
    }

    @Override
    void step() {
        if (id < 0) {
            String name = shop.id() + " own squid " + (++created);
            Outcome outcome = shop.create(name, 5000, 0, null);
            if (record(outcome, status -> status == 201)) {
                ledger.wrote(outcome.squid());
                id = outcome.squid().id();
            } else if (outcome.unknown()) {
                ledger.unknownCreate(name);
            }
            return;
        }
        Outcome written = shop.adjust(id, 1);
        if (!record(written, OK)) {
            if (written.unknown()) {
                ledger.unknownAdjustment(id, 1);
                id = -1;
            }
            return;
        }
        ledger.wrote(written.squid());
        Outcome read = shop.get(id);
        if (record(read, OK) && read.squid().version() < written.squid().version()) {
            traffic.staleRead();
        }
    }
}
