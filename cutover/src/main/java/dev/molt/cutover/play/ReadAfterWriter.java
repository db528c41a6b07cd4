package dev.molt.cutover.play;

/**
 * Adjusts the stock of its own squid and reads it straight back: the read must show at least the
 * version the write was acknowledged with. Between stages 4 and 6 writes go to OLD and reads to
 * NEW, so this is the client the gateway's read-your-writes must protect.
 */
final class ReadAfterWriter extends LoadClient {

    private long id = -1;

    ReadAfterWriter(ShopClient shop, Traffic traffic, Ledger ledger, long seed, long pauseMillis) {
        super(shop, traffic, ledger, seed, pauseMillis);
    }

    @Override
    void step() {
        if (id < 0) {
            Outcome created = shop.create(shop.id() + " own squid", 5000, 0, null);
            if (record(created, status -> status == 201)) {
                ledger.wrote(created.squid());
                id = created.squid().id();
            }
            return;
        }
        Outcome written = shop.adjust(id, 1);
        if (!record(written, OK)) {
            if (written.transportError()) {
                ledger.uncertain(id);
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
