package dev.molt.cutover.play;

import dev.molt.cutover.admin.AdminClient;
import dev.molt.cutover.admin.AdminException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Drives the gateway through a {@link Transition}, as an operator would: a guard that refuses
 * because the system is not ready yet (snapshot running, lag, quiet period) is asked again until
 * it agrees or the patience runs out; nothing is forced. With several gateway replicas each
 * transition goes through the next replica's admin API, since any of them drives them all.
 */
final class StageDriver {

    private final List<AdminClient> admins;
    private final Duration patience;
    private int transitions;

    StageDriver(AdminClient admin, Duration patience) {
        this(List.of(admin), patience);
    }

    StageDriver(List<AdminClient> admins, Duration patience) {
        this.admins = List.copyOf(admins);
        this.patience = patience;
    }

    /**
     * The stage's name in a state the admin API answered ({@code GET /admin/cutover} or a
     * transition), the one place the names are kept being the gateway.
     */
    static String stageName(JsonNode state) {
        JsonNode name = state.get("name");
        return name != null && name.isString() && !name.asString().isBlank()
                ? name.asString()
                : "stage " + state.path("stage").asInt();
    }

    /**
     * After a crash in the middle of {@code transition}: the gateway's recorded stage says whether
     * it happened; if not, it is carried out again.
     */
    JsonNode carryOutUnlessDone(Transition transition) {
        JsonNode state = admins.get(0).state();
        return state.path("stage").asInt() == transition.to() ? state : carryOut(transition);
    }

    /** Carries out the transition and returns the gateway's new state (with the command hold, if any). */
    JsonNode carryOut(Transition transition) {
        AdminClient admin = admins.get(transitions++ % admins.size());
        Instant deadline = Instant.now().plus(patience);
        while (true) {
            try {
                JsonNode state = transition.advance() ? admin.advance(false) : admin.rollback(false);
                int reached = state.path("stage").asInt();
                if (reached != transition.to()) {
                    throw new IllegalStateException(
                            "asked for stage " + transition.to() + " but the gateway is at " + reached);
                }
                return state;
            } catch (AdminException e) {
                if (!e.refused() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "stage " + transition.to() + " was not reached within " + patience.toSeconds() + " s: "
                                    + e.getMessage(),
                            e);
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
