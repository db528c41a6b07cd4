package dev.molt.contract;

import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client sees of one answer: the status, the headers a client acts on, and the body as
 * sent. Two sides answer alike when these are equal.
 */
record Exchange(int status, String contentType, String etag, String location, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Exchange of(HttpResponse<String> response) {
        return new Exchange(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Location").orElse(null),
                response.body());
    }

    JsonNode json() {
        return JSON.readTree(body);
    }

    long id() {
        return json().get("id").asLong();
    }

    String detail() {
        return json().get("detail").asString();
    }
}
