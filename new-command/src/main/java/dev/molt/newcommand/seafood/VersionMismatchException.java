package dev.molt.newcommand.seafood;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 412: the client's If-Match names a version that is no longer current. */
class VersionMismatchException extends ErrorResponseException {

    VersionMismatchException(Catalogue catalogue, long id, long expected, long current) {
        super(HttpStatus.PRECONDITION_FAILED);
        getBody()
                .setDetail(catalogue.noun() + " " + id + " is at version " + current + ", not " + expected
                        + "; read it again and retry with If-Match: \"" + current + "\"");
    }
}
