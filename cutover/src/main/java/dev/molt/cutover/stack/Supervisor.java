package dev.molt.cutover.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Relaunches every process of the stack that exits without being asked to, as systemd, Kubernetes
 * or compose's {@code restart:} would in a deployment: with the same command line (a database with
 * the same data directory), after a back-off that doubles from {@link Backoff#first} up to
 * {@link Backoff#max} and starts over once a process has stayed up for {@link Backoff#reset}. The
 * cutover must carry on by itself after such a restart; the supervisor only gives it the chance.
 * {@link #close()} ends supervision before the stack stops its processes, so that a stop is never
 * mistaken for a crash.
 */
public final class Supervisor implements AutoCloseable {

    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(120);

    /** One supervised process: what it runs now and how to run it again. */
    interface Child {

        String name();

        /** The process running now (after a relaunch, the new one). */
        ProcessHandle handle();

        /** How the process that ran last ended, e.g. {@code killed by signal 9 (SIGKILL)}. */
        String exitDescription();

        /** Starts it again with the same command line; fails if the child was closed meanwhile. */
        void relaunch();

        /** Waits until the running process is healthy; fails if it dies or takes longer than {@code timeout}. */
        void awaitHealthy(Duration timeout);
    }

    /** What the supervisor saw, for whoever wants to mark it (the play's fault timeline). */
    public interface Listener {

        /** {@code name} exited without being asked to. */
        default void exited(String name, String how) {}

        /** {@code name} runs again (not healthy yet). */
        default void relaunched(String name) {}

        /** {@code name} is healthy again, {@code down} after it exited. */
        default void healthy(String name, Duration down) {}
    }

    /**
     * The waits between a crash and the relaunch.
     *
     * @param first the wait after the first crash, doubled after each crash that follows soon
     * @param max the longest wait
     * @param reset how long a process must stay up for the next crash to wait {@code first} again
     */
    record Backoff(Duration first, Duration max, Duration reset) {

        static final Backoff DEFAULT =
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(30));

        /** The wait after a crash, given the one before and how long the process stayed up. */
        Duration next(Duration previous, Duration uptime) {
            if (previous == null || uptime.compareTo(reset) >= 0) {
                return first;
            }
            Duration doubled = previous.multipliedBy(2);
            return doubled.compareTo(max) > 0 ? max : doubled;
        }
    }

    private final Backoff backoff;
    private final Consumer<String> console;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final List<Thread> watchers = new ArrayList<>();
    private volatile boolean stopping;

    Supervisor(Backoff backoff, Consumer<String> console) {
        this.backoff = backoff;
        this.console = console;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Watches {@code child} from now on, on a thread of its own. */
    synchronized void watch(Child child) {
        if (stopping) {
            throw new IllegalStateException("the supervisor is stopped");
        }
        Thread watcher = new Thread(() -> supervise(child), "supervise-" + child.name());
        watcher.setDaemon(true);
        watchers.add(watcher);
        watcher.start();
    }

    private void supervise(Child child) {
        Duration wait = null;
        while (!stopping) {
            long upSince = System.nanoTime();
            try {
                child.handle().onExit().get();
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException e) {
                // onExit never completes exceptionally; look again
            }
            if (stopping) {
                return;
            }
            long exitedAt = System.nanoTime();
            String how = child.exitDescription();
            listeners.forEach(listener -> listener.exited(child.name(), how));
            wait = backoff.next(wait, Duration.ofNanos(exitedAt - upSince));
            console.accept(child.name() + " exited (" + how + "), restarting in " + seconds(wait) + " s");
            if (!relaunch(child, wait)) {
                return;
            }
            Duration down = Duration.ofNanos(System.nanoTime() - exitedAt);
            if (child.handle().isAlive()) {
                console.accept(child.name() + " is back (healthy " + seconds(down) + " s after it exited)");
                listeners.forEach(listener -> listener.healthy(child.name(), down));
            }
        }
    }

    /** Waits, relaunches and waits for health; a failed relaunch is one more exit. Returns false when stopping. */
    private boolean relaunch(Child child, Duration wait) {
        try {
            TimeUnit.MILLISECONDS.sleep(wait.toMillis());
            if (stopping) {
                return false;
            }
            child.relaunch();
            listeners.forEach(listener -> listener.relaunched(child.name()));
            child.awaitHealthy(HEALTHY_TIMEOUT);
        } catch (InterruptedException e) {
            return false;
        } catch (RuntimeException e) {
            if (stopping) {
                return false;
            }
            console.accept(child.name() + " did not come back: " + firstLine(e.getMessage()));
        }
        return !stopping;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    /** Ends supervision: what exits from now on stays down. Waits for the watchers to end. */
    @Override
    public void close() {
        List<Thread> threads;
        synchronized (this) {
            stopping = true;
            threads = List.copyOf(watchers);
        }
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
