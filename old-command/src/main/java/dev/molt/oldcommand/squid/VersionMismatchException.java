package dev.molt.oldcommand.squid;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 412: the client's If-Match names a version that is no longer current. */
class VersionMismatchException extends ErrorResponseException {

    VersionMismatchException(long id, long expected, long current) {
        super(HttpStatus.PRECONDITION_FAILED);
        getBody()
                .setDetail("squid " + id + " is at version " + current + ", not " + expected
                        + "; read it again and retry with If-Match: \"" + current + "\"");
    }
}
