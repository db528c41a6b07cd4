package dev.molt.cutover.admin;

/** The admin API could not be reached, refused the token, or refused the request; the message says which. */
public class AdminException extends RuntimeException {

    public AdminException(String message) {
        super(message);
    }
}
