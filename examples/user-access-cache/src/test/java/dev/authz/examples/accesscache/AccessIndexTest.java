package dev.authz.examples.accesscache;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventTypes;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.NamespaceDeleted;
import dev.authz.api.event.RoleAssigned;
import dev.authz.api.event.RoleCreated;
import dev.authz.api.event.RoleUpdated;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.api.event.UserProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events of different aggregates come in any order across partitions: the orders a single partition never shows,
 * applied directly to the index.
 */
class AccessIndexTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POOL = "pool-a";
    private final AccessIndex index = new AccessIndex();

    private void apply(DomainEvent... events) {
        for (DomainEvent event : events) {
            index.apply(EventTypes.nameOf(event.getClass()), JSON.valueToTree(event));
        }
    }

    private String access(String userId, long now) {
        return index.accessOf(POOL, userId, now).map(AccessStory::describe).orElse("absent");
    }

    @Test
    void aRoleAssignedBeforeItsUserIsCreatedCounts() {
        apply(new NamespaceCreated(POOL, "ns", "default", "", ""),
                new RoleCreated(POOL, "r", "ns", "admin", "", "", "ENABLE", null),
                new RoleAssigned(POOL, "r", "ns", "USER", List.of("u"), null, null),
                new UserCreated(POOL, "u", JSON.convertValue(Map.of("username", "alice"), UserProfile.class)));
        assertThat(access("u", 0)).isEqualTo("groups=[] roles=[default:admin USER]");
        assertThat(index.accessOf(POOL, "u", 0).orElseThrow().username()).isEqualTo("alice");
    }

    @Test
    void aMembershipArrivingAfterItsUsersDeletionDoesNotBringItBack() {
        apply(new UserCreated(POOL, "u", null), new UserDeleted(POOL, "u"),
                new GroupCreated(POOL, "g", "developers", "", "", null, Map.of()),
                new GroupMembersAdded(POOL, "g", List.of("u")));
        assertThat(access("u", 0)).isEqualTo("absent");
        assertThat(index.membersOf(POOL, "developers")).isEmpty();
    }

    @Test
    void aRolesEventsArrivingAfterItsNamespacesDeletionAreIgnored() {
        apply(new NamespaceCreated(POOL, "ns", "ops", "", ""), new NamespaceDeleted(POOL, "ns", "ops"),
                new RoleCreated(POOL, "r", "ns", "deployer", "", "", "ENABLE", null),
                new RoleAssigned(POOL, "r", "ns", "USER", List.of("u"), null, null),
                new UserCreated(POOL, "u", null));
        assertThat(access("u", 0)).isEqualTo("groups=[] roles=[]");
        assertThat(index.holdersOf(POOL, "ops", "deployer", 0)).isEmpty();
    }

    @Test
    void disabledRolesAndWindowsCountAtTheTimeAsked() {
        apply(new NamespaceCreated(POOL, "ns", "default", "", ""),
                new RoleCreated(POOL, "r", "ns", "oncall", "", "", "ENABLE", 5_000L),
                new RoleAssigned(POOL, "r", "ns", "USER", List.of("u"), 1_000L, 9_000L),
                new UserCreated(POOL, "u", null));
        assertThat(access("u", 999)).as("not yet").isEqualTo("groups=[] roles=[]");
        assertThat(access("u", 1_000)).isEqualTo("groups=[] roles=[default:oncall USER]");
        assertThat(access("u", 5_000)).as("the role's disableTime").isEqualTo("groups=[] roles=[]");
        apply(new RoleUpdated(POOL, "r", "ns", "oncall", "oncall", "", "", "DISABLE", null));
        assertThat(access("u", 2_000)).as("disabled").isEqualTo("groups=[] roles=[]");
    }
}
