package dev.molt.newcommand.seafood;

/**
 * Which rows a command may touch and what to call them in messages: every row as "seafood" for
 * the new API, only SQUID rows as "squid" for the old-API alias.
 *
 * @param noun how errors name a row
 * @param category the only category visible, or null for all
 */
public record Catalogue(String noun, String category) {

    public static final Catalogue SEAFOOD = new Catalogue("seafood", null);
    public static final Catalogue SQUIDS = new Catalogue("squid", "SQUID");
}
