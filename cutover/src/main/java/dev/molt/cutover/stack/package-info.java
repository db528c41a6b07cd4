/**
 * The whole Molt stack on one machine: two embedded MariaDB servers (OLD and NEW, ROW binlog) and
 * every service as its own operating-system process, started in dependency order and stopped
 * together.
 */
package dev.molt.cutover.stack;
