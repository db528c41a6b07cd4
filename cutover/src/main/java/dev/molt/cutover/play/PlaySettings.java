package dev.molt.cutover.play;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How a play runs.
 *
 * @param squids how many squids the OLD shop holds before the play starts
 * @param dwell how long the load runs at each stage before the next transition
 * @param rollbackDrill go back and forth across stages 4, 6 and 10 on the way
 * @param readers clients that only read
 * @param writers clients that create, replace and delete squids of their own
 * @param readAfterWriters clients that read right after each write of theirs
 * @param adjusters clients that adjust the stock of the seed squids
 * @param pause the pause of each client between two requests
 * @param patience how long a transition may wait for its guards to agree
 * @param reportDir where report.json and report.html go
 * @param faults the crashes of the fault drill, none for a play without faults
 * @param declarative declare the target stage and follow the gateways' convergence instead of advancing
 */
public record PlaySettings(
        int squids,
        Duration dwell,
        boolean rollbackDrill,
        int readers,
        int writers,
        int readAfterWriters,
        int adjusters,
        Duration pause,
        Duration patience,
        Path reportDir,
        Set<Fault> faults,
        boolean declarative) {}
