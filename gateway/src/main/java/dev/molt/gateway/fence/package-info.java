/**
 * The fenced command switch: hold new commands at the door (a {@code WebFilter}, so released commands
 * look their route up after the flip), let in-flight ones finish, wait for the replicator to drain,
 * flip the command routes, release. Aborts with routes unchanged if the wait exceeds its budget.
 * With the write fence on, the side losing the writes also refuses them at its database from before
 * the drain ({@code WriteFence}), so late commits and writers that bypass the gateway cannot fork
 * OLD and NEW.
 */
package dev.molt.gateway.fence;
