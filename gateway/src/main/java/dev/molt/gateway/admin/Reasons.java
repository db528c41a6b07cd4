package dev.molt.gateway.admin;

import java.util.Optional;

/**
 * The reason an operator gives with a change (a transition, a target declared or cleared): it goes
 * into the shared history and the dashboard, so it is one line of at most {@link #MAX} characters.
 */
final class Reasons {

    static final int MAX = 500;

    private Reasons() {}

    /** What is wrong with {@code reason}; empty where it may be kept (null: none given). */
    static Optional<String> problem(String reason) {
        if (reason != null && (reason.length() > MAX || reason.chars().anyMatch(Character::isISOControl))) {
            return Optional.of("the reason must be one line of at most " + MAX + " characters");
        }
        return Optional.empty();
    }
}
