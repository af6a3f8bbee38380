package dev.authz.command.history;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.command.history.CodeHistory.Holder;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.lookup.CodeRegistry.Kind;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Entities as they were at an instant, folded from their own events; the user's effective permissions then,
 * folded from the pool's events. Codes resolve as of the instant: of every entity that ever held the code, the
 * one that held it at that instant (so a group renamed later is found by its old code), else the most recent
 * holder as it was then (so it is found by its current code too).
 */
@Component
public class TimeTravel {
    private final StoredEvents events;
    private final CodeHistory codes;

    public TimeTravel(StoredEvents events, CodeHistory codes) {
        this.events = events;
        this.codes = codes;
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

    /** The user's effective permissions in the namespace at the instant; the user must have existed then. */
    PermissionsAsOf permissions(String poolId, String userId, String namespaceId, Instant at) {
        events.first(userId).filter(first -> Subject.USER.owns(first, poolId))
                .orElseThrow(() -> new ApiException(ErrorCode.USER_NOT_FOUND));
        PermissionsAsOf permissions = new PermissionsAsOf(userId, namespaceId);
        events.scanPool(poolId, at, permissions);
        if (!permissions.userExists()) {
            throw new ApiException(ErrorCode.NOT_EXISTING_AT, "user " + userId);
        }
        return permissions;
    }

    private <S extends EntityState> S fold(String aggregateId, Instant at, Supplier<S> fresh) {
        S state = fresh.get();
        events.replay(aggregateId, at, state);
        return state;
    }
}
