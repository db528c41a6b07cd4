package dev.molt.newcommand.seafood;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * 409: the adjustment would take the stock above what the column holds; nothing changed. A
 * conflict with the current stock, like a stock going negative, not a malformed request.
 */
class StockOverflowException extends ErrorResponseException {

    StockOverflowException(Catalogue catalogue, long id, int stock, int delta) {
        super(HttpStatus.CONFLICT);
        getBody()
                .setDetail("stock of " + catalogue.noun() + " " + id + " is " + stock + "; adjusting it by " + delta
                        + " would make it larger than " + Integer.MAX_VALUE);
    }
}
