package dev.molt.lint;

/**
 * Which goes out first. {@code M->G}: the migration, then the app. {@code G->M}: the app, then the
 * migration once no old app runs. {@code PM->G->M}: a pre-migration, the app, then the migration.
 * {@code none}: no order survives (a rename); {@code mixed}: a migration whose changes need
 * different orders.
 */
public enum Order {
    MIGRATION_FIRST("M->G"),
    APP_FIRST("G->M"),
    PRE_MIGRATION_FIRST("PM->G->M"),
    NONE("none"),
    MIXED("mixed");

    private final String label;

    Order(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Apps first (with or without a pre-migration) is the contract side; migration first the expand side. */
    boolean contracts() {
        return this == APP_FIRST || this == PRE_MIGRATION_FIRST;
    }
}
