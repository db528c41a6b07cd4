package dev.molt.replicator.pipeline;

import dev.molt.replicator.apply.RowRejectedException;
import dev.molt.replicator.mapping.MappingException;

/** How a pipeline reads an error that ended its engine: whether retrying can help, and what to say. */
final class Failures {

    private Failures() {}

    /** The cause no retry can cure (a row the mapping or the target refuses), or null. */
    static Throwable fatalCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof MappingException || t instanceof RowRejectedException) {
                return t;
            }
        }
        return null;
    }

    /** The error's message with its root cause's, once. */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return error == root ? message : error.getMessage() + " (" + message + ")";
    }
}
