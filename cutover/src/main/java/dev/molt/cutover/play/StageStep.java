package dev.molt.cutover.play;

/**
 * A step the gateway took, as the play learnt of it: the transition, the name of the stage entered,
 * the command hold of its switch (fenced switches only), who took it where the gateway's history
 * names it, and when, so that what the play does at the stage (moving the clients) keeps to the
 * gateway's clock even when the play learns of the step late.
 *
 * @param transition the move, forward or back, and the stage entered
 * @param name the stage's name, as the gateway gives it
 * @param holdMillis how long commands were held, or null
 * @param actor who took the step, or null when not known
 * @param atMillis when the step was taken (epoch milliseconds)
 */
record StageStep(Transition transition, String name, Long holdMillis, String actor, long atMillis) {

    /** A step the play took itself, through the admin API, just now. */
    static StageStep justTaken(Transition transition, String name, Long holdMillis) {
        return new StageStep(transition, name, holdMillis, null, System.currentTimeMillis());
    }
}
