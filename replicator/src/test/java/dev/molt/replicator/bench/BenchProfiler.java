package dev.molt.replicator.bench;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A window of async-profiler (CPU, {@code event=itimer}, stacks per thread in collapsed form)
 * around one phase of a bench, so that a profile shows that phase alone. Off unless
 * {@code -Dmolt.bench.profiler} names {@code libasyncProfiler.so} (extracted from the
 * {@code async-profiler} jar, which must be on the class path); {@code -Dmolt.bench.profile-dir}
 * says where the profiles go (default {@code target/profiles}). Reflection keeps the profiler out
 * of the build's dependencies.
 */
final class BenchProfiler implements AutoCloseable {

    private final Object profiler;
    private final Method execute;
    private final Path output;

    private BenchProfiler(Object profiler, Method execute, Path output) {
        this.profiler = profiler;
        this.execute = execute;
        this.output = output;
    }

    /** Starts profiling the named phase, or does nothing where no profiler is configured. */
    static BenchProfiler phase(String name) throws Exception {
        String library = System.getProperty("molt.bench.profiler");
        if (library == null) {
            return new BenchProfiler(null, null, null);
        }
        Class<?> type = Class.forName("one.profiler.AsyncProfiler");
        Object profiler = type.getMethod("getInstance", String.class).invoke(null, library);
        Method execute = type.getMethod("execute", String.class);
        Path directory = Path.of(System.getProperty("molt.bench.profile-dir", "target/profiles"));
        Files.createDirectories(directory);
        execute.invoke(profiler, "start,event=itimer,interval=1ms,threads");
        return new BenchProfiler(profiler, execute, directory.resolve(name + ".collapsed"));
    }

    @Override
    public void close() throws Exception {
        if (profiler != null) {
            execute.invoke(profiler, "stop,collapsed,file=" + output.toAbsolutePath());
            System.out.println("profile: " + output.toAbsolutePath());
        }
    }
}
