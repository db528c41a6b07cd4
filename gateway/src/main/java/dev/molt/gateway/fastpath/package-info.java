/**
 * The public fast path: a Netty handler in front of WebFlux on the public port that proxies requests
 * of routed groups (OLD or NEW) itself, on the client connection's event loop, over pooled backend
 * connections of that same loop. Everything else (410 Gone, unrouted paths, HTTP/1.0, {@code Expect}
 * and {@code Upgrade} requests) it hands to WebFlux, where Spring Cloud Gateway's stage routes serve
 * it as before. Both paths share the routing state, the command fence, read-your-writes, client
 * counters and deprecation headers, so the behaviour a client sees does not depend on the path.
 */
package dev.molt.gateway.fastpath;
