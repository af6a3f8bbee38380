package dev.authz.kit.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UnstorableTextGuardTest {

    private static String offending(String json) {
        return UnstorableTextGuard.firstFieldWithUnstorableText(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void namesTheTopLevelFieldHoldingANulOrAnUnpairedSurrogateAnywhereBelowIt() {
        assertThat(offending("{\"code\":\"a\\u0000b\"}")).isEqualTo("code");
        assertThat(offending("{\"code\":\"ok\",\"list\":[{\"namespace\":\"x\\ud800\"}]}")).isEqualTo("list");
        assertThat(offending("{\"customData\":{\"k\\u0000\":1}}")).isEqualTo("customData");
        assertThat(offending("[\"\\udc00\"]")).isEqualTo("body");
    }

    @Test
    void letsOrdinaryTextEmojiAndNonJsonThrough() {
        assertThat(offending("{\"name\":\"\\ud83d\\ude00 \u202Eevil \\t\",\"list\":[1,{\"a\":null}]}")).isNull();
        assertThat(offending("{\"name\":\"\uD83D\uDE00\"}")).isNull();
        assertThat(offending("not json \\u0000")).isNull();
        assertThat(offending("{\"truncated\":\"a")).isNull();
    }
}
