package dev.molt.newcommand.seafood;

/** A seafood item as the new API shows it. */
public record Seafood(
        long id, String category, String name, Money price, int stockQuantity, String catchArea, long version) {

    public String etag() {
        return "\"" + version + "\"";
    }
}
