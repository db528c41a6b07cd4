package dev.molt.replicator.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Where a phase's JVM CPU went, by thread name (numbers folded, so a pool's threads add up), and
 * what no Java thread accounts for (the JIT compilers and the garbage collector). Threads that end
 * within the phase count with the CPU they had when last sampled, every 20 ms by a thread of its own.
 */
final class ThreadCpu {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> atStart = new HashMap<>();
    private final Map<Long, Long> seen = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final long processAtStart;
    private final long gcMillisAtStart;
    private final Thread sampler;

    ThreadCpu() {
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                atStart.put(id, cpu);
            }
        }
        processAtStart = processCpuNanos();
        gcMillisAtStart = gcMillis();
        sampler = new Thread(this::sampleUntilInterrupted, "bench-thread-cpu");
        sampler.setDaemon(true);
        sample();
        sampler.start();
    }

    private void sampleUntilInterrupted() {
        while (!Thread.currentThread().isInterrupted()) {
            sample();
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** Records every live thread's CPU so far. */
    private synchronized void sample() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                seen.put(info.getThreadId(), cpu);
                names.put(info.getThreadId(), info.getThreadName().replaceAll("\\d+", "N"));
            }
        }
    }

    /** CPU per row by thread group since construction, the largest first, and the rest of the process. */
    synchronized String perRow(long rows) {
        sampler.interrupt();
        sample();
        Map<String, Long> byName = new TreeMap<>();
        long javaThreads = 0;
        for (Map.Entry<Long, Long> thread : seen.entrySet()) {
            long used = thread.getValue() - atStart.getOrDefault(thread.getKey(), 0L);
            byName.merge(names.get(thread.getKey()), used, Long::sum);
            javaThreads += used;
        }
        long process = processCpuNanos() - processAtStart;
        StringBuilder out = new StringBuilder();
        byName.entrySet().stream()
                .filter(e -> e.getValue() * 100 >= process)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("%s %.2f us, ", e.getKey(), e.getValue() / 1000.0 / rows)));
        return out.append(String.format(
                        "JIT and GC (no Java thread) %.2f us; GC pauses %d ms",
                        Math.max(0, process - javaThreads) / 1000.0 / rows, gcMillis() - gcMillisAtStart))
                .toString();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(gc -> Math.max(0, gc.getCollectionTime()))
                .sum();
    }
}
