/**
 * Which clients still use the old API: per-client call counts (Micrometer, tagged by client and API)
 * and the last call of each kind, which the stage guards of 8, 10 and 11 read.
 */
package dev.molt.gateway.clients;
