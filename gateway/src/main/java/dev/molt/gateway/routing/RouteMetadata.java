package dev.molt.gateway.routing;

/** The keys under which a stage route carries its group and target, for whoever reads a matched route. */
public final class RouteMetadata {

    /** Route metadata key holding the {@link RouteGroup} of a route. */
    public static final String GROUP = "molt.group";

    /** Route metadata key holding the {@link Target} of a route. */
    public static final String TARGET = "molt.target";

    private RouteMetadata() {}
}
