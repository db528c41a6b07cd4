package dev.molt.gateway.support;

import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads JSON bodies in tests. */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    public static JsonNode of(HttpResponse<String> response) {
        return of(response.body());
    }

    public static JsonNode of(String json) {
        return MAPPER.readTree(json);
    }
}
