package dev.molt.cutover.stack;

/** A database account. */
record Credentials(String user, String password) {}
