package dev.authz.kit.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as storable text, and what a refused request's text becomes where it must still be recorded. */
class StorableTextTest {
    @Test
    void nulAndUnpairedSurrogatesAreNotStorableAndBecomeReplacementCharacters() {
        assertThat(StorableText.isStorable("ab\0cd")).isFalse();
        assertThat(StorableText.isStorable("x\uD800y")).isFalse();
        assertThat(StorableText.replacingUnstorable("ab\0cd")).isEqualTo("ab\uFFFDcd");
        assertThat(StorableText.replacingUnstorable("x\uD800y")).isEqualTo("x\uFFFDy");
        assertThat(StorableText.replacingUnstorable("\uDC00tail")).isEqualTo("\uFFFDtail");
        assertThat(StorableText.replacingUnstorable("end\uD83D")).isEqualTo("end\uFFFD");
        assertThat(StorableText.replacingUnstorable("\0\0")).isEqualTo("\uFFFD\uFFFD");
    }

    @Test
    void everythingElseIsKeptAsSent() {
        String text = "{\"code\":\"组-\uD83D\uDE00-\u202Eevil\",\"q\":\"' OR 1=1 --\"}";
        assertThat(StorableText.isStorable(text)).isTrue();
        assertThat(StorableText.replacingUnstorable(text)).isSameAs(text);
        assertThat(StorableText.replacingUnstorable(null)).isNull();
    }
}
