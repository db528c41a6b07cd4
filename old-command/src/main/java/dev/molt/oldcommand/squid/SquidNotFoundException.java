package dev.molt.oldcommand.squid;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 404: no squid has this id (any more). */
class SquidNotFoundException extends ErrorResponseException {

    SquidNotFoundException(long id) {
        super(HttpStatus.NOT_FOUND);
        getBody().setDetail("no squid with id " + id);
    }
}
