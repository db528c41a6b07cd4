package dev.molt.cutover.play;

import dev.molt.cutover.admin.AdminClient;
import tools.jackson.databind.JsonNode;

/**
 * The imperative course: the play walks the plan ({@link Transition#plan}, with the rollback drill
 * if asked) through advance and rollback calls, as an operator types them, dwelling at each stage;
 * the fault drill strikes on the way, and the gateway is killed inside the fenced command switch
 * when asked.
 */
final class PlannedCourse implements StageCourse {

    private final AdminClient admin;
    private final StageDriver driver;
    private final ReplicatorWatch replicator;
    private final FaultDrill drill;
    private final PlaySettings settings;

    PlannedCourse(
            AdminClient admin,
            StageDriver driver,
            ReplicatorWatch replicator,
            FaultDrill drill,
            PlaySettings settings) {
        this.admin = admin;
        this.driver = driver;
        this.replicator = replicator;
        this.drill = drill;
        this.settings = settings;
    }

    @Override
    public void run(Stops stops) throws InterruptedException {
        boolean oldChecked = false;
        boolean switchDrilled = false;
        for (Transition transition : Transition.plan(settings.rollbackDrill())) {
            JsonNode state;
            if (transition.advance() && transition.to() == 6 && drill.gatewaySwitch() && !switchDrilled) {
                switchDrilled = true;
                state = drill.switchUnderFire(
                        transition,
                        () -> admin.advance(false),
                        () -> replicator.streaming("reverse"),
                        () -> admin.state().path("stage").asInt(),
                        () -> driver.carryOutUnlessDone(transition));
            } else {
                state = driver.carryOut(transition);
            }
            Long hold = state.hasNonNull("holdMillis") ? state.get("holdMillis").asLong() : null;
            stops.entered(StageStep.justTaken(transition, StageDriver.stageName(state), hold));
            if (transition.advance() && transition.to() == 10 && !oldChecked) {
                oldChecked = true;
                stops.checkOld();
            }
            drill.dwell(transition, settings.dwell());
        }
    }
}
