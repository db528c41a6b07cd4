/**
 * Cross-cutting pieces: RFC 9457 problem bodies, the error handler that turns proxy failures into
 * quick 503/504 problems, and the small blocking HTTP helper used off the hot path.
 */
package dev.molt.gateway.config;
