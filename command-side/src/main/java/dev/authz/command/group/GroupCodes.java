package dev.authz.command.group;

import java.util.Optional;

/**
 * The set of group codes in use per user pool. Implementations write in the caller's transaction, so a
 * claimed code and the event that claimed it commit or roll back together.
 */
public interface GroupCodes {
    /** @throws dev.authz.api.error.ApiException GROUP_CODE_EXISTS when the pool already uses the code */
    void claim(String poolId, String code, String groupId);

    /** @throws dev.authz.api.error.ApiException GROUP_CODE_EXISTS when the new code is taken */
    void move(String poolId, String fromCode, String toCode);

    void release(String poolId, String code);

    Optional<String> groupIdOf(String poolId, String code);
}
