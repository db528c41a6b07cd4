/**
 * The initial copy of a pipeline's source rows to its target, alongside the stream: keyset chunks
 * written under the applier's version guard, so that it needs no lock on the source. Reports to
 * its pipeline through {@link dev.molt.replicator.snapshot.SnapshotCopy.Listener}.
 */
package dev.molt.replicator.snapshot;
