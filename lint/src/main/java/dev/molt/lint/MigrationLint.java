package dev.molt.lint;

import java.util.List;

/** What lint says about one migration: its order and every change in it. */
public record MigrationLint(MigrationFile file, Order order, List<Finding> findings) {

    long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
