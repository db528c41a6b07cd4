package dev.molt.lint;

/** Wrong use of lint: no such directory, a file that is not a migration, SQL the database refuses. */
public final class LintUsageException extends RuntimeException {

    LintUsageException(String message) {
        super(message);
    }

    LintUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
