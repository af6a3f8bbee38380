package dev.authz.kit.web;

import dev.authz.api.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParamsTest {

    @Test
    void textRefusesUnpairedSurrogatesButKeepsEmojiAndRightToLeftMarks() {
        for (String broken : new String[]{"ab\uD800cd", "\uD800", "ab\uDC00", "\uDC00\uD800", "x\uD83D"}) {
            assertThatThrownBy(() -> Params.text("name", broken)).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).detail()).contains("unpaired surrogate"));
        }
        String valid = "\u202Eevil\u202C \uD83D\uDE00\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08 e\u0301";
        assertThat(Params.text("name", valid)).isEqualTo(valid);
        assertThat(Params.required("name", "\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void textRefusesControlCharactersAndHugeValues() {
        assertThatThrownBy(() -> Params.text("name", "a\u0000b")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Params.text("name", "a".repeat(Params.MAX_TEXT_LENGTH + 1)))
                .isInstanceOf(ApiException.class);
        assertThat(Params.text("name", "tab\tand\nnewline")).isEqualTo("tab\tand\nnewline");
    }
}
