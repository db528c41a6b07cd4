package dev.molt.cutover.play;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One crash on the play's timeline: when the process was killed, when the supervisor had it
 * running again ("back") and when it was healthy again.
 */
final class FaultWindow {

    private final String fault;
    private final String process;
    private final String label;
    private final long killMillis;
    private final boolean planned;
    private final CountDownLatch healthy = new CountDownLatch(1);
    private volatile Long backMillis;
    private volatile Long healthyMillis;

    FaultWindow(String fault, String process, String label, long killMillis, boolean planned) {
        this.fault = fault;
        this.process = process;
        this.label = label;
        this.killMillis = killMillis;
        this.planned = planned;
    }

    void back(long millis) {
        backMillis = millis;
    }

    void healthy(long millis) {
        healthyMillis = millis;
        healthy.countDown();
    }

    boolean awaitHealthy(Duration timeout) throws InterruptedException {
        return healthy.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String fault() {
        return fault;
    }

    String process() {
        return process;
    }

    String label() {
        return label;
    }

    long killMillis() {
        return killMillis;
    }

    boolean planned() {
        return planned;
    }

    Long backMillis() {
        return backMillis;
    }

    Long healthyMillis() {
        return healthyMillis;
    }

    /** Kill to healthy, or -1 while it is not healthy again. */
    long downMillis() {
        Long at = healthyMillis;
        return at == null ? -1 : at - killMillis;
    }
}
