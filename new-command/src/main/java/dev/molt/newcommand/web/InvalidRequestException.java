package dev.molt.newcommand.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 400: the request cannot be carried out as sent; the detail says what to change. */
public class InvalidRequestException extends ErrorResponseException {

    public InvalidRequestException(String detail) {
        super(HttpStatus.BAD_REQUEST);
        getBody().setDetail(detail);
    }
}
