package dev.molt.cutover.play;

/** What a client knows of one squid, whichever API it came through. */
record Squid(long id, String name, int price, int stock, String origin, long version) {}
