package dev.authz.command.eventfeed;

import dev.authz.api.error.ApiException;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedCursorTest {
    @Test
    void aCursorCarriesItsGapsThereAndBack() {
        FeedCursor cursor = FeedCursor.of(GapAwareTrackingToken.newInstance(120, List.of(117L, 119L)));
        assertThat(cursor.toString()).isEqualTo("120:117,119");
        assertThat(FeedCursor.parse("120:117,119").token().getGaps()).containsExactly(117L, 119L);
        assertThat(FeedCursor.parse("120").token().getIndex()).isEqualTo(120);
        assertThat(FeedCursor.parse("")).isEqualTo(FeedCursor.START);
        assertThat(FeedCursor.START.toString()).isEmpty();
    }

    @Test
    void nonsenseIsRefused() {
        for (String bad : List.of("x", "12:a", "10:12", "-5")) {
            assertThatThrownBy(() -> FeedCursor.parse(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }
}
