package dev.molt.newcommand.seafood;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 409: the adjustment would take the stock below zero; nothing changed. */
class InsufficientStockException extends ErrorResponseException {

    InsufficientStockException(Catalogue catalogue, long id, int stock, int delta) {
        super(HttpStatus.CONFLICT);
        getBody()
                .setDetail("stock of " + catalogue.noun() + " " + id + " is " + stock + "; adjusting it by " + delta
                        + " would make it negative");
    }
}
