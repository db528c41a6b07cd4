/**
 * Read-your-writes across the CQRS split: while writes go to OLD and reads to NEW, a client's read is
 * held briefly or sent to OLD until the replicator has applied that client's last acknowledged write.
 * Also owns client identification, which client tracking shares.
 */
package dev.molt.gateway.consistency;
