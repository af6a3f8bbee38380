package dev.authz.api.event;

/** Events of one user's stream. */
public sealed interface UserEvent extends DomainEvent permits UserCreated, UserUpdated, UserDeleted {
    String userId();

    @Override
    default String aggregateId() {
        return userId();
    }

    @Override
    default String aggregateType() {
        return "user";
    }
}
