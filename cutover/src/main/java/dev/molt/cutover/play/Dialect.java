package dev.molt.cutover.play;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The old API ({@code squids}) and the new one ({@code seafoods}) as a client speaks them: the
 * paths, the body of a create or replace, and how to read a squid out of an answer. At stage 9
 * each client moves from one to the other.
 */
enum Dialect {
    OLD("squids") {
        @Override
        String body(String name, int price, int stock, String origin) {
            ObjectNode body = JSON.createObjectNode()
                    .put("name", name)
                    .put("price", price)
                    .put("stock", stock);
            if (origin != null) {
                body.put("origin", origin);
            }
            return body.toString();
        }

        @Override
        Squid read(JsonNode json) {
            return new Squid(
                    json.get("id").asLong(),
                    json.get("name").asString(),
                    json.get("price").asInt(),
                    json.get("stock").asInt(),
                    json.get("origin").isNull() ? null : json.get("origin").asString(),
                    json.get("version").asLong());
        }
    },
    NEW("seafoods") {
        @Override
        String body(String name, int price, int stock, String origin) {
            ObjectNode body = JSON.createObjectNode().put("category", "SQUID").put("name", name);
            body.putObject("price").put("amount", price).put("currency", "KRW");
            body.put("stockQuantity", stock);
            if (origin != null) {
                body.put("catchArea", origin);
            }
            return body.toString();
        }

        @Override
        Squid read(JsonNode json) {
            return new Squid(
                    json.get("id").asLong(),
                    json.get("name").asString(),
                    json.get("price").get("amount").decimalValue().intValueExact(),
                    json.get("stockQuantity").asInt(),
                    json.get("catchArea").isNull()
                            ? null
                            : json.get("catchArea").asString(),
                    json.get("version").asLong());
        }
    };

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String resource;

    Dialect(String resource) {
        this.resource = resource;
    }

    String commands() {
        return "/command/api/" + resource;
    }

    String queries() {
        return "/query/api/" + resource;
    }

    abstract String body(String name, int price, int stock, String origin);

    abstract Squid read(JsonNode json);

    static JsonNode parse(String body) {
        return JSON.readTree(body);
    }
}
