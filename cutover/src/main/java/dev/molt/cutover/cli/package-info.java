/** The {@code ./molt} command line: its commands, options and exit codes. */
package dev.molt.cutover.cli;
