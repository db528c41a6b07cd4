package dev.molt.newquery.seafood;

import java.math.BigDecimal;

/** An amount with its ISO 4217 currency. */
public record Money(BigDecimal amount, String currency) {}
