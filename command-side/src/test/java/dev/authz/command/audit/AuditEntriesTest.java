package dev.authz.command.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a rejected request's text becomes in its audit entry: as sent, minus what no JSON store can hold. */
class AuditEntriesTest {
    @Test
    void nulAndUnpairedSurrogatesBecomeReplacementCharacters() {
        assertThat(AuditEntries.storable("ab\0cd")).isEqualTo("ab\uFFFDcd");
        assertThat(AuditEntries.storable("x\uD800y")).isEqualTo("x\uFFFDy");
        assertThat(AuditEntries.storable("\uDC00tail")).isEqualTo("\uFFFDtail");
        assertThat(AuditEntries.storable("end\uD83D")).isEqualTo("end\uFFFD");
    }

    @Test
    void everythingElseIsKeptAsSent() {
        String text = "{\"code\":\"组-\uD83D\uDE00-\u202Eevil\",\"q\":\"' OR 1=1 --\"}";
        assertThat(AuditEntries.storable(text)).isSameAs(text);
        assertThat(AuditEntries.storable(null)).isNull();
    }
}
