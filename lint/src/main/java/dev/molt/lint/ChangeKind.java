package dev.molt.lint;

/** The kinds of change lint names, as they appear in its output. */
public enum ChangeKind {
    CREATE_TABLE,
    DROP_TABLE,
    ADD_COLUMN,
    DROP_COLUMN,
    RENAME_COLUMN,
    RENAME_TABLE,
    CHANGE_COLUMN_TYPE,
    SET_NOT_NULL,
    DROP_NOT_NULL,
    SET_DEFAULT,
    DROP_DEFAULT,
    ADD_INDEX,
    DROP_INDEX,
    OTHER;

    /** {@code add-column}, as printed. */
    public String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
