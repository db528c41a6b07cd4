package dev.molt.newcommand.seafood;

import dev.molt.newcommand.web.InvalidRequestException;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads the new API's bodies. While the old API is served, a SQUID must stay expressible in it
 * (whole won), so that the alias and the reverse stream to the OLD shop can show it unchanged.
 */
@Component
class SeafoodRequests {

    static final String DEFAULT_CURRENCY = "KRW";

    private static final Set<String> DRAFT_FIELDS = Set.of("category", "name", "price", "stockQuantity", "catchArea");
    private static final Set<String> PRICE_FIELDS = Set.of("amount", "currency");
    private static final Pattern CATEGORY = Pattern.compile("[A-Z][A-Z_]{0,31}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999.99");
    private static final BigDecimal MAX_SQUID_WON = BigDecimal.valueOf(Integer.MAX_VALUE);

    private final JsonBodies bodies;

    SeafoodRequests(JsonBodies bodies) {
        this.bodies = bodies;
    }

    SeafoodDraft draft(String body) {
        JsonNode node = bodies.object(body, DRAFT_FIELDS);
        String category = JsonBodies.text(node, "category", true);
        if (!CATEGORY.matcher(category).matches()) {
            throw new InvalidRequestException(
                    "category must be 1 to 32 capital letters or underscores, starting with a letter, like SQUID");
        }
        String name = JsonBodies.name(node);
        Money price = price(node.get("price"));
        if (category.equals("SQUID") && !squidPrice(price)) {
            throw new InvalidRequestException("the price of a SQUID must be a whole amount of KRW");
        }
        int stock = JsonBodies.count(node, "stockQuantity", "stockQuantity must be a whole number, 0 or more");
        return new SeafoodDraft(category, name, price, stock, JsonBodies.text(node, "catchArea", false));
    }

    int delta(String body) {
        return bodies.delta(body);
    }

    private Money price(JsonNode price) {
        if (price == null || price.isNull()) {
            throw new InvalidRequestException("price is required");
        }
        if (!price.isObject()) {
            throw new InvalidRequestException("price must be an object like {\"amount\": 1200, \"currency\": \"KRW\"}");
        }
        price.propertyNames().forEach(field -> {
            if (!PRICE_FIELDS.contains(field)) {
                throw new InvalidRequestException("unknown field 'price." + field + "'");
            }
        });
        JsonNode amount = price.get("amount");
        if (amount == null || amount.isNull()) {
            throw new InvalidRequestException("price.amount is required");
        }
        if (!amount.isNumber()) {
            throw new InvalidRequestException("price.amount must be a number");
        }
        BigDecimal value = amount.decimalValue();
        if (value.signum() < 0
                || value.compareTo(MAX_AMOUNT) > 0
                || value.stripTrailingZeros().scale() > 2) {
            throw new InvalidRequestException(
                    "price.amount must be between 0 and " + MAX_AMOUNT + " with at most 2 decimal places");
        }
        String currency = DEFAULT_CURRENCY;
        JsonNode currencyNode = price.get("currency");
        if (currencyNode != null && !currencyNode.isNull()) {
            if (!currencyNode.isString()
                    || !CURRENCY.matcher(currencyNode.stringValue()).matches()) {
                throw new InvalidRequestException("price.currency must be a three-letter ISO 4217 code, like KRW");
            }
            currency = currencyNode.stringValue();
        }
        return new Money(value.setScale(2), currency);
    }

    private static boolean squidPrice(Money price) {
        return price.currency().equals(DEFAULT_CURRENCY)
                && price.amount().stripTrailingZeros().scale() <= 0
                && price.amount().compareTo(MAX_SQUID_WON) <= 0;
    }
}
