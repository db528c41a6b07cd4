package dev.molt.cutover.play;

/**
 * One request's result as the load sees it: its HTTP status (0 after a transport error), how long
 * it took, the squid it returned, if any, and the answer's content type.
 */
record Outcome(int status, long nanos, Squid squid, String error, String contentType) {

    boolean transportError() {
        return status == 0;
    }

    /**
     * Whether the client cannot know if its command was applied: the connection was cut, or a
     * proxy or a service gave up on the way (502, 503, 504). Such a command must be found applied
     * once or not at all, never twice.
     */
    boolean unknown() {
        return transportError() || status == 502 || status == 503 || status == 504;
    }

    /** A failure a crash may cause and still be clean: a cut connection, or 502/503/504 as problem+json. */
    boolean cleanFailure() {
        return transportError()
                || ((status == 502 || status == 503 || status == 504)
                        && contentType != null
                        && contentType.startsWith("application/problem+json"));
    }
}
