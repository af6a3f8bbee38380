package dev.authz.command.user;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.api.event.UserProfile;
import dev.authz.api.event.UserUpdated;
import dev.authz.api.web.UserDto;
import dev.authz.command.user.UserCommands.CreateUser;
import dev.authz.command.user.UserCommands.UpdateUser;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/** A user of the directory: its profile, unique keys enforced through {@link UserAccounts}. */
@Aggregate(cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class UserAggregate {

    @AggregateIdentifier
    private String userId;
    private String poolId;
    private UserProfile profile;
    private Instant createdAt;
    private Instant updatedAt;

    protected UserAggregate() {
        // for event sourcing
    }

    @CommandHandler
    public UserAggregate(CreateUser command, UserAccounts accounts) {
        UserProfile profile = UserProfiles.forCreate(command.profile());
        accounts.register(command.poolId(), command.userId(), UserKeys.of(profile));
        apply(new UserCreated(command.poolId(), command.userId(), profile));
    }

    @CommandHandler
    public UserDto handle(UpdateUser command, UserAccounts accounts) {
        requirePool(command.poolId());
        UserProfile updated = UserProfiles.merge(profile, command.changes());
        accounts.rekey(poolId, userId, UserKeys.of(profile), UserKeys.of(updated));
        apply(new UserUpdated(poolId, userId, updated));
        return toDto();
    }

    /** Called by {@link UserBatchCommandHandler}, which also takes the user out of its groups. */
    public void delete(String requestingPool, UserAccounts accounts) {
        requirePool(requestingPool);
        accounts.unregister(poolId, userId);
        apply(new UserDeleted(poolId, userId));
    }

    public UserDto toDto() {
        return UserDto.of(userId, profile, createdAt.toString(), updatedAt.toString(), UserDto.Options.CUSTOM_DATA);
    }

    private void requirePool(String requestingPool) {
        if (!poolId.equals(requestingPool)) {
            throw new ApiException(ErrorCode.USER_NOT_FOUND, null, "no user " + userId);
        }
    }

    @EventSourcingHandler
    void on(UserCreated event, @Timestamp Instant at) {
        userId = event.userId();
        poolId = event.poolId();
        profile = event.profile();
        createdAt = at;
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(UserUpdated event, @Timestamp Instant at) {
        profile = event.profile();
        updatedAt = at;
    }

    @EventSourcingHandler
    void on(UserDeleted event) {
        markDeleted();
    }
}
