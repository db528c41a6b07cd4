package dev.molt.gateway.cutover;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The stage the fleet should be at, declared in the configuration (a reviewed change, as Flux or
 * Argo CD treat a deployment) instead of typed as advance and rollback calls; every step towards it
 * still goes through its guards. Re-read at run time ({@link DeclaredTarget}).
 *
 * @param stage the stage to converge to (1-12); absent means no target: the stage moves only by hand
 * @param force the stages whose forceable guards are accepted in advance when entering them, e.g. {@code [10]}
 * @param reason why, recorded in the history with every step taken for this target
 * @param dwell the least time between two steps, across the fleet
 * @param checkInterval how often a replica checks whether a step is due
 * @param maxBackoff the longest wait before a guard that refused is asked again
 */
@Validated
@ConfigurationProperties(TargetProperties.PREFIX)
public record TargetProperties(
        @Min(1) @Max(12) Integer stage,
        @NotNull List<@NotNull @Min(1) @Max(12) Integer> force,
        String reason,
        @NotNull Duration dwell,
        @NotNull Duration checkInterval,
        @NotNull Duration maxBackoff) {

    static final String PREFIX = "molt.gateway.cutover.target";
}
