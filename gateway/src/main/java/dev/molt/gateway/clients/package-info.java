/**
 * Which clients still use the old API: a bounded table of per-client call counts, Micrometer counters
 * tagged by API and a bounded set of clients, and the last call per route group and target, which the
 * stage guards of 7, 8, 10 and 11 read and the cutover store persists.
 */
package dev.molt.gateway.clients;
