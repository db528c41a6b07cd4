package dev.molt.gateway.cutover;

/** One reason a transition may not happen now; {@code forceable} where the stage table allows forcing. */
public record Blocker(String guard, String detail, boolean forceable) {}
