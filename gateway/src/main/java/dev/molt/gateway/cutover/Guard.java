package dev.molt.gateway.cutover;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * One condition of the stage table. {@code check} answers the blocker's detail, or empty when the
 * condition holds; an exception is a blocker too. A costly guard (a full verification) runs on a
 * transition, not on every status read.
 */
record Guard(String name, boolean forceable, boolean costly, Supplier<Optional<String>> check) {

    static Guard of(String name, Supplier<Optional<String>> check) {
        return new Guard(name, false, false, check);
    }

    Guard allowForce() {
        return new Guard(name, true, costly, check);
    }

    Guard onlyOnTransition() {
        return new Guard(name, forceable, true, check);
    }

    Optional<Blocker> evaluate() {
        try {
            return check.get().map(detail -> new Blocker(name, detail, forceable));
        } catch (RuntimeException e) {
            return Optional.of(new Blocker(name, "could not be checked: " + e.getMessage(), forceable));
        }
    }
}
