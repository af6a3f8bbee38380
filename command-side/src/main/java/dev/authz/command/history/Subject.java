package dev.authz.command.history;

import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.DomainEvent;

/** The kinds of entity whose history can be read, with the error that says one is not there. */
enum Subject {
    GROUP("group", ErrorCode.GROUP_NOT_FOUND),
    ROLE("role", ErrorCode.ROLE_NOT_FOUND),
    NAMESPACE("namespace", ErrorCode.NAMESPACE_NOT_FOUND),
    RESOURCE("resource", ErrorCode.RESOURCE_NOT_FOUND),
    USER("user", ErrorCode.USER_NOT_FOUND),
    DEPARTMENT("department", ErrorCode.DEPARTMENT_NOT_FOUND);

    private final String aggregateType;
    private final ErrorCode missing;

    Subject(String aggregateType, ErrorCode missing) {
        this.aggregateType = aggregateType;
        this.missing = missing;
    }

    String aggregateType() {
        return aggregateType;
    }

    ErrorCode missing() {
        return missing;
    }

    /** Whether the event is of this kind of entity and of the pool (another pool's entity is "not found"). */
    boolean owns(DomainEvent event, String poolId) {
        return aggregateType.equals(event.aggregateType()) && poolId.equals(event.poolId());
    }
}
