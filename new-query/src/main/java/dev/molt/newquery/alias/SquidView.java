package dev.molt.newquery.alias;

import dev.molt.newquery.seafood.Seafood;

/** A SQUID row in the old API's shape: whole won, {@code stock}, {@code origin}. */
record SquidView(long id, String name, int price, int stock, String origin, long version) {

    static SquidView of(Seafood seafood) {
        return new SquidView(
                seafood.id(),
                seafood.name(),
                seafood.price().amount().intValueExact(),
                seafood.stockQuantity(),
                seafood.catchArea(),
                seafood.version());
    }

    String etag() {
        return "\"" + version + "\"";
    }
}
