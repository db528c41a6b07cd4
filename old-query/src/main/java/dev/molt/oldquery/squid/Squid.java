package dev.molt.oldquery.squid;

/** A squid as the old API shows it. */
record Squid(long id, String name, int price, int stock, String origin, long version) {

    String etag() {
        return "\"" + version + "\"";
    }
}
