package dev.molt.gateway.cutover;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway holds the replication pipelines to what the stage wants ({@link PipelineReconciler}).
 *
 * @param enabled whether the gateway checks the pipelines between transitions and starts or stops them
 * @param interval time between two checks
 * @param attempts starts of one pipeline, without it coming back, after which the admin API shows it as not coming back (the reconciler keeps trying)
 * @param maxBackoff longest wait between two starts of a pipeline that does not come back; the wait doubles from {@code interval} up to it
 */
@Validated
@ConfigurationProperties("molt.gateway.reconcile")
public record ReconcileProperties(
        boolean enabled,
        @NotNull @DurationMin(millis = 10) Duration interval,
        @Min(1) int attempts,
        @NotNull Duration maxBackoff) {}
