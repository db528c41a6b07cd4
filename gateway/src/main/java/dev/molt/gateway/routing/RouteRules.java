package dev.molt.gateway.routing;

import java.time.Duration;

/**
 * What a route does besides passing the request on, for one route group and the target serving it:
 * the one place the fast path and the stage routes read these rules from, so they cannot drift.
 *
 * @param fenced the group's requests that may change state are commands: they pass the command fence
 * @param acknowledgesWrites a successful answer marks the client as having written OLD (old-API commands to OLD)
 * @param readsYourWrites the client's own writes decide whether the read waits or goes to OLD (old-API reads served by NEW)
 * @param announcesSuccessor answers carry {@code Deprecation}, {@code Sunset} and the successor {@code Link} (old-API groups)
 * @param readRetries how often a replayable read is sent again after its connection failed (never a command)
 * @param gone the group is no longer served: 410 naming the successor, no backend called
 */
public record RouteRules(
        boolean fenced,
        boolean acknowledgesWrites,
        boolean readsYourWrites,
        boolean announcesSuccessor,
        int readRetries,
        boolean gone) {

    /** First wait before a read is sent again; doubled for each further retry, on both paths. */
    public static final Duration READ_RETRY_BACKOFF = Duration.ofMillis(5);

    /** The back-off stops doubling after this many retries. */
    private static final int BACKOFF_DOUBLINGS = 4;

    /** The rules of {@code group} served by {@code target}, with {@code getRetries} from the settings. */
    public static RouteRules of(RouteGroup group, Target target, int getRetries) {
        return new RouteRules(
                fenced(group),
                group == RouteGroup.OLD_API_COMMAND && target == Target.OLD,
                group == RouteGroup.OLD_API_QUERY && target == Target.NEW,
                group.oldApi(),
                group.command() ? 0 : getRetries,
                target == Target.GONE);
    }

    /** True for the groups whose state-changing requests are commands, whatever their target. */
    public static boolean fenced(RouteGroup group) {
        return group != null && group.command();
    }

    /**
     * True for a request of {@code method} on {@code group} that counts as a command: it may change
     * state (not GET, HEAD or OPTIONS) on a fenced group. The fence and both paths ask this.
     */
    public static boolean isCommand(RouteGroup group, String method) {
        return fenced(group) && !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }

    /**
     * How often a request of {@code method} on this route may be sent again after its connection
     * failed before any answer: {@link #readRetries} for a GET without a body (nothing to replay,
     * nothing changed by sending it twice), never for anything else.
     */
    public int retriesOf(String method, long contentLength, boolean transferEncoded) {
        return method.equals("GET") && contentLength <= 0 && !transferEncoded ? readRetries : 0;
    }

    /** The wait before retry number {@code attempt} (0 for the first) of a read: doubled per retry, up to 16 times the first. */
    public static Duration readRetryDelay(int attempt) {
        return READ_RETRY_BACKOFF.multipliedBy(1L << Math.min(Math.max(attempt, 0), BACKOFF_DOUBLINGS));
    }
}
