/**
 * The admin API on its own port and its own HTTP server, so that no public route can ever reach it:
 * the cutover state, advance and rollback, and the clients still on the old API, behind a bearer token.
 */
package dev.molt.gateway.admin;
