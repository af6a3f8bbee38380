package dev.authz.command.lookup;

import dev.authz.api.error.ErrorCode;

import java.util.Optional;

/**
 * The codes in use, per user pool and scope: group, namespace and organization codes are unique in the pool,
 * role and resource codes in their namespace, department codes in their organization. Implementations write
 * in the caller's transaction, so a claimed code and the event that claimed it commit or roll back together.
 */
public interface CodeRegistry {
    /** The scope of codes that are unique in the whole pool. */
    String POOL_WIDE = "";

    enum Kind {
        GROUP(ErrorCode.GROUP_CODE_EXISTS),
        NAMESPACE(ErrorCode.NAMESPACE_CODE_EXISTS),
        ROLE(ErrorCode.ROLE_CODE_EXISTS),
        RESOURCE(ErrorCode.RESOURCE_CODE_EXISTS),
        ORGANIZATION(ErrorCode.ORGANIZATION_CODE_EXISTS),
        DEPARTMENT(ErrorCode.DEPARTMENT_CODE_EXISTS);

        private final ErrorCode taken;

        Kind(ErrorCode taken) {
            this.taken = taken;
        }

        /** The error when a code of this kind is already used in its scope. */
        public ErrorCode taken() {
            return taken;
        }
    }

    /** @throws dev.authz.api.error.ApiException {@link Kind#taken()} when the scope already uses the code */
    void claim(Kind kind, String poolId, String scope, String code, String entityId);

    /** @throws dev.authz.api.error.ApiException {@link Kind#taken()} when the new code is taken */
    void move(Kind kind, String poolId, String scope, String fromCode, String toCode);

    void release(Kind kind, String poolId, String scope, String code);

    Optional<String> idOf(Kind kind, String poolId, String scope, String code);
}
