/**
 * The control and status API on port 8301: pipeline status, start, stop, pause, resume, drain and
 * verification, with errors as {@code application/problem+json}.
 */
package dev.molt.replicator.api;
