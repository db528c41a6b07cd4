package dev.molt.replicator.apply;

/** The target refused a row for a reason retrying cannot fix (a constraint, a type); names the row. */
public class RowRejectedException extends RuntimeException {

    public RowRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
