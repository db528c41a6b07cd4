/**
 * Which route group goes where. The four groups (old-API query and command, new-API query and
 * command) and their backends come from {@link dev.molt.gateway.routing.RoutingProperties}; the
 * current {@link dev.molt.gateway.routing.RouteTable} is one volatile snapshot that route predicates
 * read, so a stage change is a single write and a request keeps the route it was matched to.
 */
package dev.molt.gateway.routing;
