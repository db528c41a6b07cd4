/**
 * {@code ./molt play}: the twelve stages under client load, and the proof afterwards. Simulated
 * clients (readers, writers, read-after-write clients, stock adjusters) talk to the gateway the
 * whole time, keep a ledger of every acknowledged write, and the report says per stage whether
 * any request failed, any read was stale, and whether any write was lost.
 */
package dev.molt.cutover.play;
