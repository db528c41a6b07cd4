package dev.molt.newcommand.seafood;

/** The checked content of a create or replace command. */
public record SeafoodDraft(String category, String name, Money price, int stockQuantity, String catchArea) {}
