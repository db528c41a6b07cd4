package dev.molt.cutover.play;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * One simulated API client: a loop of requests with a pause between them, bounded in time by the
 * play. Subclasses say what one step is and which statuses they expect; everything else counts
 * as unexpected.
 */
abstract class LoadClient implements Runnable {

    static final IntPredicate OK = status -> status == 200;

    protected final ShopClient shop;
    protected final Traffic traffic;
    protected final Ledger ledger;
    protected final Random random;
    private final long pauseMillis;
    private volatile boolean running = true;

    LoadClient(ShopClient shop, Traffic traffic, Ledger ledger, long seed, long pauseMillis) {
        this.shop = shop;
        this.traffic = traffic;
        this.ledger = ledger;
        this.random = new Random(seed);
        this.pauseMillis = pauseMillis;
    }

    ShopClient shop() {
        return shop;
    }

    void stop() {
        running = false;
    }

    @Override
    public final void run() {
        while (running && !Thread.currentThread().isInterrupted()) {
            step();
            try {
                TimeUnit.MILLISECONDS.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    abstract void step();

    /** Records the outcome; returns whether it was what this client expects. */
    protected boolean record(Outcome outcome, IntPredicate expected) {
        boolean ok = !outcome.transportError() && expected.test(outcome.status());
        traffic.record(outcome, ok);
        return ok;
    }
}
