package dev.molt.replicator.api;

import dev.molt.replicator.pipeline.DrainTimeoutException;
import dev.molt.replicator.pipeline.PipelineConflictException;
import dev.molt.replicator.pipeline.UnknownPipelineException;
import java.sql.SQLException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Maps the pipelines' refusals to RFC 9457 problems with a detail a person can act on. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail unknown(UnknownPipelineException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown pipeline", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(PipelineConflictException e) {
        return problem(HttpStatus.CONFLICT, "Not possible in the pipeline's state", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail drainTimeout(DrainTimeoutException e) {
        return problem(HttpStatus.GATEWAY_TIMEOUT, "Drain timed out", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail database(SQLException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalid(jakarta.validation.ConstraintViolationException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
