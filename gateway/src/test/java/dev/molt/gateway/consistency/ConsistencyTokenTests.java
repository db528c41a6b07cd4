package dev.molt.gateway.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsistencyTokenTests {

    private static final long NOW = System.currentTimeMillis();

    @TempDir
    Path dir;

    private final ConsistencyToken tokens = withKey("shared-key");

    @Test
    void aTokenIssuedByOneReplicaIsHonouredByAnotherWithTheSameKey() {
        String token = tokens.issue("client-1", NOW);

        assertThat(withKey("shared-key").verify(token, NOW)).isEqualTo(NOW);
    }

    @Test
    void aTokenSignedWithAnotherKeyCountsAsNone() {
        assertThat(withKey("other-key").verify(tokens.issue("client-1", NOW), NOW))
                .isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aTokenWithAChangedTimeOrSignatureCountsAsNone() {
        String token = tokens.issue("client-1", NOW - 1000);
        String laterTime = token.replace("." + (NOW - 1000) + ".", "." + NOW + ".");
        String otherSignature = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        assertThat(tokens.verify(laterTime, NOW)).isEqualTo(Long.MIN_VALUE);
        assertThat(tokens.verify(otherSignature, NOW)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void malformedTokensCountAsNone() {
        for (String garbage : new String[] {"", "v1", "v1.", "v1..", "v2.a.1.b", "v1.a.x.%%%", "v1.a.1.!!"}) {
            assertThat(tokens.verify(garbage, NOW)).as(garbage).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void aTokenOlderThanForgetAfterCountsAsNone() {
        String old = tokens.issue("client-1", NOW - Duration.ofMinutes(11).toMillis());

        assertThat(tokens.verify(old, NOW)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void theHeaderWinsOverTheCookieAndTheCookieIsReadAmongOthers() {
        String viaHeader = tokens.issue("c", NOW);
        String viaCookie = tokens.issue("c", NOW - 5);
        String cookies = "a=b; " + tokens.cookie(viaCookie).split(";")[0] + "; z=y";

        assertThat(tokens.acknowledgedAt(Map.of("Molt-Consistency", viaHeader, "Cookie", cookies)::get))
                .isEqualTo(NOW);
        assertThat(tokens.acknowledgedAt(Map.of("Cookie", cookies)::get)).isEqualTo(NOW - 5);
        assertThat(tokens.acknowledgedAt(Map.<String, String>of()::get)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void theKeyFileSignsLikeTheSameKeyGivenDirectly() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("key"), "shared-key\n");
        ConsistencyToken fromFile = new ConsistencyToken(properties("", keyFile.toString()));

        assertThat(fromFile.verify(tokens.issue("client-1", NOW), NOW)).isEqualTo(NOW);
    }

    private static ConsistencyToken withKey(String key) {
        return new ConsistencyToken(properties(key, ""));
    }

    private static ConsistencyProperties properties(String key, String keyFile) {
        return new ConsistencyProperties(
                "X-Client-Id",
                "X-Api-Key",
                Duration.ofMillis(100),
                Duration.ofMillis(15),
                Duration.ofMinutes(10),
                key,
                keyFile);
    }
}
