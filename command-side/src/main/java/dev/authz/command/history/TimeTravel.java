package dev.authz.command.history;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.PolicyIds;
import dev.authz.api.event.ResourceGrant;
import dev.authz.api.web.RoleAssignmentDto;
import dev.authz.command.authorization.PolicyTargets.TargetType;
import dev.authz.command.history.CodeHistory.Holder;
import dev.authz.command.history.SubjectLinks.Link;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.lookup.CodeRegistry.Kind;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Entities as they were at an instant, folded from their own events; the user's effective permissions then,
 * folded from the events of every aggregate that can reach the user ({@link SubjectLinks}), merged in global
 * order. Codes resolve as of the instant: of every entity that ever held the code, the one that held it at that
 * instant (so a group renamed later is found by its old code), else the most recent holder as it was then (so
 * it is found by its current code too).
 */
@Component
public class TimeTravel {
    private final StoredEvents events;
    private final CodeHistory codes;
    private final SubjectLinks links;
    private final MembershipsAsOf memberships;

    public TimeTravel(StoredEvents events, CodeHistory codes, SubjectLinks links, MembershipsAsOf memberships) {
        this.events = events;
        this.codes = codes;
        this.links = links;
        this.memberships = memberships;
    }

    /** The group's members at the instant, one page of them (page from 1). */
    MembershipsAsOf.Paged<String> membersOf(GroupState group, Instant at, int page, int limit) {
        return group.deleted() ? MembershipsAsOf.Paged.none()
                : memberships.groupMembers(group.groupId(), at, page, limit);
    }

    /** The role's assignments that counted at the instant, one page of them (page from 1). */
    MembershipsAsOf.Paged<RoleAssignmentDto> assignmentsOf(RoleState role, Instant at, int page, int limit) {
        return role.deleted() ? MembershipsAsOf.Paged.none()
                : memberships.roleAssignments(role.roleId(), at, page, limit);
    }

    <S extends EntityState> S asOf(Subject subject, Kind kind, String poolId, Collection<String> scopes, String code,
                                   String aggregateId, Instant at, Supplier<S> fresh) {
        List<Holder> holders = codes.require(kind, poolId, scopes, code, subject.missing());
        List<Holder> candidates = aggregateId == null || aggregateId.isEmpty() ? holders
                : List.of(CodeHistory.pick(holders, aggregateId, subject.missing()));
        S mostRecent = null;
        for (Holder holder : candidates) {
            S state = fold(holder.aggregateId(), at, fresh);
            if (state.created() && code.equals(state.code())) {
                return state;
            }
            mostRecent = mostRecent == null ? state : mostRecent;
        }
        if (mostRecent == null || !mostRecent.created()) {
            throw new ApiException(ErrorCode.NOT_EXISTING_AT, subject.aggregateType() + " " + code);
        }
        return mostRecent;
    }

    /** The id of the namespace that had the code at the instant (absent: "default"). */
    String namespaceIdAsOf(String poolId, String namespaceCode, Instant at) {
        return asOf(Subject.NAMESPACE, Kind.NAMESPACE, poolId, List.of(CodeRegistry.POOL_WIDE),
                NamespaceCodes.orDefault(namespaceCode), null, at, NamespaceState::new).namespaceId();
    }

    /**
     * The user's effective permissions in the namespace at the instant, without resource details (see
     * {@link #describeGrantedResources}); the user must have existed then.
     */
    PermissionsAsOf permissions(String poolId, String userId, String namespaceId, Instant at) {
        events.first(userId).filter(first -> Subject.USER.owns(first, poolId))
                .orElseThrow(() -> new ApiException(ErrorCode.USER_NOT_FOUND));
        PermissionsAsOf permissions = new PermissionsAsOf(userId, namespaceId);
        Reach reach = reach(poolId, userId, namespaceId);
        events.replayInGlobalOrder(reach.aggregates(), PermissionsAsOf.namedSubjects(userId, reach.departments()),
                at, permissions);
        if (!permissions.userExists()) {
            throw new ApiException(ErrorCode.NOT_EXISTING_AT, "user " + userId);
        }
        return permissions;
    }

    /**
     * Adds the details (description, API identifier) of the resources granted to the user at the instant. They
     * only describe granted codes, nothing else depends on them, so they are read after everything else and only
     * when an answer lists them: the resources that ever held a code granted to the user.
     */
    void describeGrantedResources(String poolId, Instant at, PermissionsAsOf permissions) {
        Set<String> grantedCodes = permissions.grants(at.toEpochMilli()).stream().map(ResourceGrant::resourceCode)
                .collect(Collectors.toSet());
        List<String> resources = grantedCodes.isEmpty() ? List.of()
                : codes.aggregatesThatHeld(Kind.RESOURCE, poolId, permissions.namespaceId(), grantedCodes);
        if (!resources.isEmpty()) {
            events.replayInGlobalOrder(resources, at, permissions);
        }
    }

    /** The aggregates whose events can change what the user may do, and the departments it ever belonged to. */
    private record Reach(Set<String> aggregates, List<String> departments) {
    }

    /**
     * The user, every group, department and role ever linked to it or to one of its departments, and the policy
     * each of them (the user included) has in the namespace: no other aggregate can change what the user may do.
     */
    private Reach reach(String poolId, String userId, String namespaceId) {
        List<Link> direct = links.of(poolId, List.of(userId));
        List<String> departments = direct.stream().filter(link -> link.kind() == TargetType.DEPARTMENT)
                .map(Link::id).toList();
        List<Link> reaching = new ArrayList<>(direct);
        if (!departments.isEmpty()) {
            reaching.addAll(links.of(poolId, departments));
        }
        Set<String> aggregates = new LinkedHashSet<>();
        aggregates.add(userId);
        aggregates.add(PolicyIds.of(poolId, namespaceId, TargetType.USER.name(), userId));
        for (Link link : reaching) {
            aggregates.add(link.id());
            aggregates.add(PolicyIds.of(poolId, namespaceId, link.kind().name(), link.id()));
        }
        return new Reach(aggregates, departments);
    }

    private <S extends EntityState> S fold(String aggregateId, Instant at, Supplier<S> fresh) {
        S state = fresh.get();
        events.replayWithoutNamings(aggregateId, at, state);
        return state;
    }
}
