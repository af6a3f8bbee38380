package dev.authz.command.user;

import dev.authz.api.event.UserProfile;

import java.util.List;

/** Request bodies of the user endpoints. Passwords and notification options are accepted and ignored. */
final class UserRequests {
    private UserRequests() {
    }

    record CreateUsersBatchRequest(List<UserProfile> list) {
    }

    record UserIdOptions(String userIdType) {
    }

    record UpdateUserTarget(String userId, UserIdOptions options) {
    }

    record DeleteUsersRequest(List<String> userIds, UserIdOptions options) {
    }
}
