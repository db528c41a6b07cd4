package dev.molt.newcommand.seafood;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 404: no row of this catalogue has this id (any more). */
class NotFoundException extends ErrorResponseException {

    NotFoundException(Catalogue catalogue, long id) {
        super(HttpStatus.NOT_FOUND);
        getBody().setDetail("no " + catalogue.noun() + " with id " + id);
    }
}
