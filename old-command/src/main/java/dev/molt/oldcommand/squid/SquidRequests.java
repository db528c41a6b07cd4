package dev.molt.oldcommand.squid;

import dev.molt.oldcommand.web.InvalidRequestException;
import java.util.Iterator;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads command bodies field by field, so that every wrong value gets a sentence a person can act
 * on, and no coercion (a string for a number, 10.5 for 10) slips through to the database.
 */
@Component
class SquidRequests {

    static final int MAX_TEXT_LENGTH = 100;

    private static final Set<String> DRAFT_FIELDS = Set.of("name", "price", "stock", "origin");
    private static final Set<String> ADJUSTMENT_FIELDS = Set.of("delta");

    private final JsonMapper json;

    SquidRequests(JsonMapper json) {
        this.json = json;
    }

    SquidDraft draft(String body) {
        JsonNode node = object(body, DRAFT_FIELDS);
        String name = text(node, "name", true);
        if (name.isBlank()) {
            throw new InvalidRequestException("name must not be blank");
        }
        return new SquidDraft(
                name,
                count(node, "price", "price must be a whole number of won, 0 or more"),
                count(node, "stock", "stock must be a whole number, 0 or more"),
                text(node, "origin", false));
    }

    int delta(String body) {
        JsonNode node = object(body, ADJUSTMENT_FIELDS);
        JsonNode delta = node.get("delta");
        if (delta == null || delta.isNull()) {
            throw new InvalidRequestException("delta is required");
        }
        if (!delta.isIntegralNumber() || !delta.canConvertToInt()) {
            throw new InvalidRequestException("delta must be a whole number");
        }
        if (delta.intValue() == 0) {
            throw new InvalidRequestException("delta must not be 0");
        }
        return delta.intValue();
    }

    private JsonNode object(String body, Set<String> fields) {
        JsonNode node;
        try {
            node = json.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequestException("the body must be a JSON object");
        }
        for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
            String field = names.next();
            if (!fields.contains(field)) {
                throw new InvalidRequestException("unknown field '" + field + "'");
            }
        }
        return node;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidRequestException(field + " is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw new InvalidRequestException(field + " must be a string");
        }
        String text = value.stringValue();
        if (text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
            throw new InvalidRequestException(field + " must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        return text;
    }

    private static int count(JsonNode node, String field, String rule) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidRequestException(field + " is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw new InvalidRequestException(rule);
        }
        return value.intValue();
    }
}
