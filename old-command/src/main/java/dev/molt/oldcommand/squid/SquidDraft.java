package dev.molt.oldcommand.squid;

/** The checked content of a create or replace command. */
record SquidDraft(String name, int price, int stock, String origin) {}
