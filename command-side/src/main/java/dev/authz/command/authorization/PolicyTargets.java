package dev.authz.command.authorization;

/** Whether a grant's target exists in the pool, checked in the caller's transaction. */
public interface PolicyTargets {
    enum TargetType { USER, ROLE, GROUP, DEPARTMENT }

    boolean exists(String poolId, TargetType type, String targetId);
}
