package dev.molt.cutover.admin;

/** The admin API could not be reached, refused the token, or refused the request; the message says which. */
public class AdminException extends RuntimeException {

    private final boolean refused;

    public AdminException(String message) {
        this(message, false);
    }

    public AdminException(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    /** Whether a guard refused the transition (409), as opposed to the API failing. */
    public boolean refused() {
        return refused;
    }
}
