package dev.molt.cutover.play;

import java.util.List;

/**
 * A stop of the declared target's convergence, as {@code GET /admin/cutover} showed it: the stage
 * it held at, when the play first saw it, and the blockers (guard and detail).
 *
 * @param stage the stage the gateway held at
 * @param atMillis when the play first saw the block (epoch milliseconds)
 * @param guards the guards that refused, by name
 * @param details each guard's detail, in the same order
 */
record Block(int stage, long atMillis, List<String> guards, List<String> details) {

    private static final int BRIEF = 160;

    Block {
        guards = List.copyOf(guards);
        details = List.copyOf(details);
    }

    /** The details for a console line, each cut short (a verification lists every differing id). */
    String brief() {
        return String.join("; ", details.stream().map(Block::cut).toList());
    }

    private static String cut(String detail) {
        return detail.length() <= BRIEF ? detail : detail.substring(0, BRIEF) + "...";
    }

    boolean names(String guard) {
        return guards.contains(guard);
    }

    /** The same stop as {@code other}: the same stage and guards (a lag figure in a detail may have moved). */
    boolean sameAs(Block other) {
        return other != null && stage == other.stage && guards.equals(other.guards);
    }
}
