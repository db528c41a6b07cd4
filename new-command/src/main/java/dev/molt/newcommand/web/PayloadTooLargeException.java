package dev.molt.newcommand.web;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;

/** 413: the body is larger than {@code molt.api.max-body-size}. */
class PayloadTooLargeException extends ErrorResponseException {

    PayloadTooLargeException(DataSize limit) {
        super(HttpStatus.CONTENT_TOO_LARGE);
        getBody().setDetail("the body must be at most " + limit.toBytes() + " bytes");
    }
}
