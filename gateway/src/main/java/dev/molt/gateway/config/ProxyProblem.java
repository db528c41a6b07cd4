package dev.molt.gateway.config;

import org.springframework.http.HttpStatus;

/**
 * The problems the public port answers for a request it could not pass on, with their status,
 * title and detail written once, so that the fast path and Spring Cloud Gateway's error handler
 * answer the same words for the same failure.
 */
public enum ProxyProblem {
    /** The backend refused or did not accept the connection: quick, the client may retry. */
    BACKEND_UNAVAILABLE(
            HttpStatus.SERVICE_UNAVAILABLE, "Backend unavailable", "The backend for %s is not reachable: %s"),
    /** The backend did not answer within the response time-out. */
    BACKEND_TIMED_OUT(HttpStatus.GATEWAY_TIMEOUT, "Backend timed out", "The backend for %s did not answer in time"),
    /** The backend closed its connection without answering. */
    BACKEND_CLOSED(
            HttpStatus.BAD_GATEWAY,
            "Backend closed the connection",
            "The backend for %s closed the connection before answering"),
    /** The backend's answer is not valid HTTP/1.1; both connections close. */
    MALFORMED_ANSWER(
            HttpStatus.BAD_GATEWAY,
            "Malformed backend answer",
            "The backend for %s sent an answer that is not valid HTTP/1.1"),
    /** A command's body is larger than the fence takes in. */
    COMMAND_TOO_LARGE(
            HttpStatus.PAYLOAD_TOO_LARGE, "Command body too large", "A command body may have at most %2$s bytes");

    private final HttpStatus status;
    private final String title;
    private final String detail;

    ProxyProblem(HttpStatus status, String title, String detail) {
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The detail for a request to {@code path}; {@code cause} is the failure's reason or limit, where the detail has one. */
    public String detail(String path, Object cause) {
        return String.format(detail, path, cause);
    }

    /** The innermost message of {@code error}, for a detail that names what failed. */
    public static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
