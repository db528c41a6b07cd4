package dev.molt.cutover.stack;

import java.util.List;

/** A stack whose processes a fault drill may kill, and whose supervisor reports their recovery. */
public interface Crashable {

    /** The names of the processes it runs and supervises: old-db, new-db, old-command, ..., gateway. */
    List<String> processNames();

    /** Kills the process called {@code name} with SIGKILL, as a crash would; the supervisor brings it back. */
    void kill(String name);

    /** Hears of every crash and recovery from now on. */
    void addListener(Supervisor.Listener listener);
}
