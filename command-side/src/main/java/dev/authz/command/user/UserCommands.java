package dev.authz.command.user;

import dev.authz.api.event.UserProfile;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public final class UserCommands {
    private UserCommands() {
    }

    public record CreateUser(@TargetAggregateIdentifier String userId, String poolId, UserProfile profile) {
    }

    /** All users or none. */
    public record CreateUsersBatch(String poolId, List<CreateUser> users) {
    }

    /** {@code changes}: the fields to set; null fields keep their value. */
    public record UpdateUser(@TargetAggregateIdentifier String userId, String poolId, UserProfile changes) {
    }

    /** Deletes the users and takes them out of every group they belonged to. */
    public record DeleteUsers(String poolId, List<String> userIds) {
    }
}
