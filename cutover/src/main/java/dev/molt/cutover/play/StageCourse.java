package dev.molt.cutover.play;

/**
 * How a play moves the gateway through the stages while its clients run: by advance and rollback
 * calls, as an operator types them ({@link PlannedCourse}), or by declaring the target stage and
 * following the gateways' own convergence to it ({@link DeclaredCourse}). The play around it (the
 * clients, the report, the write checks) is the same either way.
 */
interface StageCourse {

    /** Moves through the stages, telling {@code stops} of each one reached; returns once the course is run. */
    void run(Stops stops) throws InterruptedException;

    /** What a course tells the play on its way. */
    interface Stops {

        /**
         * The gateway took a step: the segment of the stage it entered begins in the report (with the
         * command hold of its switch and who took it, where known), and the clients move where the
         * stage wants them.
         */
        Segment entered(StageStep step);

        /** OLD, while it is still the rollback target, holds every acknowledged write so far (or newer). */
        void checkOld();

        /** The gateway's convergence is blocked: for the report. */
        void blocked(Block block);

        /** Something the play expected did not happen; the play fails, but goes on. */
        void failed(String failure);

        /** A line for the person watching. */
        void say(String line);
    }
}
