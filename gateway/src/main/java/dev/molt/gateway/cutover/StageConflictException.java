package dev.molt.gateway.cutover;

/**
 * Another replica changed the stage first: the compare-and-set on the epoch found a newer one. The
 * winner's stage is already in force on this replica when this is thrown.
 */
final class StageConflictException extends RuntimeException {

    private final int winner;

    StageConflictException(int winner, int attempted) {
        super("another gateway replica moved the cutover to stage " + winner + " first; stage " + attempted
                + " was not written");
        this.winner = winner;
    }

    int winner() {
        return winner;
    }
}
