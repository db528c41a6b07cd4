package dev.molt.replicator.api;

import dev.molt.replicator.pipeline.ApplyFrom;
import dev.molt.replicator.pipeline.ApplyMode;
import dev.molt.replicator.pipeline.DrainResult;
import dev.molt.replicator.pipeline.PipelineStatus;
import dev.molt.replicator.pipeline.ReplicationPipelines;
import dev.molt.replicator.verify.VerificationProgress;
import dev.molt.replicator.verify.VerificationReport;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Status and control of the pipelines, as the gateway and the cutover tool call them. Start, stop,
 * pause, resume and the apply mode store what they ask in the pipeline's target before they act
 * (503 where it cannot be stored); a drain leaves it as it is, unless asked to set the apply mode
 * once drained ({@code then}).
 */
@Validated
@RestController
@RequestMapping("/replication")
class ReplicationController {

    private final ReplicationPipelines pipelines;

    ReplicationController(ReplicationPipelines pipelines) {
        this.pipelines = pipelines;
    }

    record Pipelines(List<PipelineStatus> pipelines) {}

    @GetMapping
    Pipelines all() {
        return new Pipelines(pipelines.statuses());
    }

    @GetMapping("/{pipeline}")
    PipelineStatus one(@PathVariable String pipeline) {
        return pipelines.status(pipeline);
    }

    @PostMapping("/{pipeline}/start")
    PipelineStatus start(@PathVariable String pipeline, @RequestParam(required = false) ApplyMode mode)
            throws SQLException {
        return pipelines.start(pipeline, mode);
    }

    @PostMapping("/{pipeline}/apply-mode")
    PipelineStatus applyMode(
            @PathVariable String pipeline,
            @RequestParam ApplyMode mode,
            @RequestParam(defaultValue = "NEXT_BATCH") ApplyFrom from)
            throws SQLException {
        return pipelines.applyMode(pipeline, mode, from);
    }

    @PostMapping("/{pipeline}/stop")
    PipelineStatus stop(@PathVariable String pipeline) throws SQLException {
        return pipelines.stop(pipeline);
    }

    @PostMapping("/{pipeline}/pause")
    PipelineStatus pause(@PathVariable String pipeline) throws SQLException {
        return pipelines.pause(pipeline);
    }

    @PostMapping("/{pipeline}/resume")
    PipelineStatus resume(@PathVariable String pipeline) throws SQLException {
        return pipelines.resume(pipeline);
    }

    @PostMapping("/{pipeline}/drain")
    DrainResult drain(
            @PathVariable String pipeline,
            @RequestParam(defaultValue = "5000") @Min(1) @Max(600_000) long timeoutMs,
            @RequestParam(required = false) ApplyMode then)
            throws SQLException {
        return pipelines.drain(pipeline, Duration.ofMillis(timeoutMs), then);
    }

    @GetMapping("/{pipeline}/verification")
    VerificationProgress.View verification(@PathVariable String pipeline) {
        return pipelines.verification(pipeline).view();
    }

    @PostMapping("/{pipeline}/verification")
    VerificationReport verify(
            @PathVariable String pipeline, @RequestParam(defaultValue = "1000") @Min(1) @Max(100_000) int chunkSize)
            throws SQLException {
        return pipelines.verify(pipeline, chunkSize);
    }
}
