package dev.molt.cutover.play;

/**
 * One request's result as the load sees it: its HTTP status (0 after a transport error), how long
 * it took, and the squid it returned, if any.
 */
record Outcome(int status, long nanos, Squid squid, String error) {

    boolean transportError() {
        return status == 0;
    }
}
