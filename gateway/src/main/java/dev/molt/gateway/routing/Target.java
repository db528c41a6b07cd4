package dev.molt.gateway.routing;

/** Where a route group goes: not routed at all, the OLD or the NEW service, or 410 Gone. */
public enum Target {
    NONE,
    OLD,
    NEW,
    GONE
}
