/**
 * The replicator's HTTP contract (status, control, drain, verification) behind one client, so that
 * guards, the fenced switch and read-your-writes never speak HTTP to the replicator themselves.
 */
package dev.molt.gateway.replication;
