package dev.molt.launcher;

import java.util.concurrent.CountDownLatch;

/** A child process that does nothing until it is stopped, for tests of how children are started. */
final class Idle {

    private Idle() {}

    public static void main(String[] args) throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
