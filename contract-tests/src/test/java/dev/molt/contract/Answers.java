package dev.molt.contract;

import static org.assertj.core.api.Assertions.assertThat;

/** The answers of the OLD shop and of the NEW shop's alias to the same request. */
record Answers(Exchange old, Exchange alias) {

    /** Asserts the two sides answered byte for byte alike, and returns the (common) answer. */
    Exchange identical() {
        assertThat(alias)
                .as("the NEW alias must answer exactly as the OLD shop")
                .isEqualTo(old);
        return old;
    }
}
