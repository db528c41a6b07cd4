/**
 * Cross-cutting pieces: RFC 9457 problem bodies, the error handler that turns proxy failures into
 * quick 502/503/504 problems, the connection guard of every listening port (time-outs, connection
 * limit, malformed requests) and the check of backend answers on Spring Cloud Gateway's client.
 */
package dev.molt.gateway.config;
