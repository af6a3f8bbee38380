package dev.authz.command.history;

import dev.authz.api.event.EventTypes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MembershipsAsOf (and the V6 migration) read the membership and assignment payloads as stored JSON, not through the
 * upcasters. That is right only while every stored one is at the version these statements know: a new version of one
 * of these events must come with changed statements, and this test says so.
 */
class MembershipsAsOfTest {
    @Test
    void theEventsReadAsJsonAreStillAtTheirFirstVersion() {
        assertThat(SubjectLinks.NAMING_EVENTS).isNotEmpty().allSatisfy(type -> assertThat(EventTypes.versionOf(type))
                .as("%s has a new version: change MembershipsAsOf's statements (and check V6's backfill) to read it",
                        type.getSimpleName())
                .isEqualTo(1));
    }
}
