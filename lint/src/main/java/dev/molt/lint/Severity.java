package dev.molt.lint;

/** {@code ok}: safe in the order given; {@code warning}: safe with care; {@code error}: do it differently. */
public enum Severity {
    OK,
    WARNING,
    ERROR;

    public String label() {
        return name().toLowerCase();
    }
}
