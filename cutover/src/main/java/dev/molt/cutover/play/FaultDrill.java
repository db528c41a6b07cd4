package dev.molt.cutover.play;

import dev.molt.cutover.stack.Crashable;
import dev.molt.cutover.stack.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Kills one process of the stack at a time, with SIGKILL, at the moments {@link Fault} names, and
 * keeps the window of each crash (kill .. healthy again + {@link #GRACE}) so that the play can
 * count the requests inside it apart: a killed backend cannot answer, but what it answers must
 * still be clean. The supervisor brings each process back; the drill waits for that before the
 * play goes on. A process that exits without being killed by the drill is a failure of the play.
 */
final class FaultDrill implements Supervisor.Listener {

    /** How long after a process is healthy again its requests still count as inside the window. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private static final Duration HEALTHY_TIMEOUT = Duration.ofSeconds(180);

    private final Set<Fault> faults;
    private final Crashable stack;
    private final Consumer<String> say;
    private final List<FaultWindow> windows = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Set<String> struck = new HashSet<>();

    FaultDrill(Set<Fault> faults, Crashable stack, Consumer<String> say) {
        this.faults = faults;
        this.stack = stack;
        this.say = say;
        if (stack != null) {
            stack.addListener(this);
        }
    }

    /** No faults: every request is outside any window. */
    static FaultDrill none() {
        return new FaultDrill(Set.of(), null, line -> {});
    }

    boolean gatewaySwitch() {
        return faults.contains(Fault.GATEWAY_SWITCH);
    }

    /**
     * The dwell at the stage {@code transition} reached: a fault that strikes there kills its
     * process a third into the dwell, waits until it is healthy again, and then lets the load run
     * for the rest of the dwell, at least the grace. A stage entered again (the rollback drill)
     * is spared: each fault strikes once at each of its stages.
     */
    void dwell(Transition transition, Duration dwell) throws InterruptedException {
        List<Fault> striking = new ArrayList<>();
        if (transition.advance()) {
            faults.stream()
                    .filter(f -> f.strikesAt(transition.to()) && struck.add(f.id() + "@" + transition.to()))
                    .forEach(striking::add);
        }
        if (striking.isEmpty()) {
            sleep(dwell);
            return;
        }
        sleep(dwell.dividedBy(3));
        for (Fault fault : striking) {
            if (fault == Fault.KAFKA && !stack.processNames().contains(fault.process())) {
                String note = "kafka fault skipped: no Kafka broker in this stack (only with --transport kafka)";
                notes.add(note);
                say.accept(note);
                continue;
            }
            FaultWindow window = strike(fault, transition.label());
            awaitHealthy(window);
        }
        Duration rest = dwell.minus(dwell.dividedBy(3));
        sleep(rest.compareTo(GRACE) > 0 ? rest : GRACE);
    }

    /**
     * The fenced command switch 5 -> 6 with the gateway killed in its middle: the advance is sent
     * (once; again while a guard refuses), and once the reverse pipeline streams (the last step
     * before the switch closes the door) the gateway dies. When it is healthy again, its recorded
     * stage ({@code recordedStage}) says whether the switch happened; if not, {@code retry}
     * carries the advance out again.
     */
    <T> T switchUnderFire(
            Transition transition,
            Supplier<T> advanceOnce,
            BooleanSupplier reverseStreaming,
            IntSupplier recordedStage,
            Supplier<T> retry)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        CompletableFuture<T> sent;
        while (true) {
            sent = CompletableFuture.supplyAsync(advanceOnce);
            while (!sent.isDone() && !reverseStreaming.getAsBoolean() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            if (!sent.isCompletedExceptionally() || System.nanoTime() > deadline) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(250); // a guard refused: not ready for the switch yet
        }
        TimeUnit.MILLISECONDS.sleep(10);
        boolean answeredBeforeKill = sent.isDone();
        FaultWindow window = strike(Fault.GATEWAY_SWITCH, transition.label());
        awaitHealthy(window);
        T outcome;
        try {
            outcome = sent.getNow(null);
        } catch (RuntimeException cut) {
            outcome = null;
        }
        String note;
        if (outcome != null) {
            note = "gateway-switch: the advance had been answered before the kill";
        } else {
            int stage = recordedStage.getAsInt();
            note = "gateway-switch: the advance was cut by the kill" + (answeredBeforeKill ? "" : " while in progress")
                    + "; the gateway came back at stage " + stage
                    + (stage == transition.to() ? " (the switch had been recorded)" : " and was advanced again");
            outcome = retry.get();
        }
        notes.add(note);
        say.accept(note);
        return outcome;
    }

    private FaultWindow strike(Fault fault, String label) {
        FaultWindow window = new FaultWindow(fault.id(), fault.process(), label, System.currentTimeMillis(), true);
        windows.add(window);
        say.accept("fault: killing " + fault.process() + " (SIGKILL) at stage " + label.strip());
        stack.kill(fault.process());
        return window;
    }

    private void awaitHealthy(FaultWindow window) throws InterruptedException {
        if (!window.awaitHealthy(HEALTHY_TIMEOUT)) {
            throw new IllegalStateException(window.process() + " was not healthy again within "
                    + HEALTHY_TIMEOUT.toSeconds() + " s after the " + window.fault() + " fault");
        }
        say.accept("fault: " + window.process() + " healthy again " + window.downMillis() + " ms after the kill");
    }

    @Override
    public void exited(String name, String how) {
        if (open(name) == null) {
            FaultWindow unplanned = new FaultWindow("unplanned", name, "", System.currentTimeMillis(), false);
            windows.add(unplanned);
            failures.add(name + " exited (" + how + ") without being killed by the drill");
        }
    }

    @Override
    public void relaunched(String name) {
        FaultWindow window = open(name);
        if (window != null) {
            window.back(System.currentTimeMillis());
        }
    }

    @Override
    public void healthy(String name, Duration down) {
        FaultWindow window = open(name);
        if (window != null) {
            window.healthy(System.currentTimeMillis());
        }
    }

    private FaultWindow open(String process) {
        for (int i = windows.size() - 1; i >= 0; i--) {
            FaultWindow window = windows.get(i);
            if (window.process().equals(process) && window.healthyMillis() == null) {
                return window;
            }
        }
        return null;
    }

    /** Whether a request that ran from {@code startMillis} to {@code endMillis} overlaps a fault window. */
    boolean inWindow(long startMillis, long endMillis) {
        for (FaultWindow window : windows) {
            Long healthy = window.healthyMillis();
            if (window.killMillis() <= endMillis && (healthy == null || startMillis <= healthy + GRACE.toMillis())) {
                return true;
            }
        }
        return false;
    }

    List<FaultWindow> windows() {
        return List.copyOf(windows);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(duration.toMillis());
    }
}
