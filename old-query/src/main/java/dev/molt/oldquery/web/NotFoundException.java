package dev.molt.oldquery.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 404 with a detail naming what was not found. */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(String detail) {
        super(HttpStatus.NOT_FOUND);
        getBody().setDetail(detail);
    }
}
