package dev.molt.oldquery.squid;

import java.util.List;

/** One page of squids in id order, with the total count. */
record SquidPage(List<Squid> items, int page, int size, long total) {}
