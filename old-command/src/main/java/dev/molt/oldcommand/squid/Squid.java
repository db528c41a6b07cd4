package dev.molt.oldcommand.squid;

/** A squid as the old API shows it. */
public record Squid(long id, String name, int price, int stock, String origin, long version) {

    String etag() {
        return "\"" + version + "\"";
    }
}
