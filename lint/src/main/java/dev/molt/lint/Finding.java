package dev.molt.lint;

/** One judged change: what changed, in which order it may go out, how bad it is and what to do. */
public record Finding(
        ChangeKind kind,
        String table,
        String column,
        String renamedTo,
        Order order,
        Severity severity,
        String detail) {}
