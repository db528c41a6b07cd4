/**
 * Verification, like Vitess' VDiff: source and target compared row by row through the mapping, in
 * primary-key chunks, reporting missing, extra and different rows by key. The stage-4 guard.
 */
package dev.molt.replicator.verify;
