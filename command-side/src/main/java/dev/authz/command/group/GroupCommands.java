package dev.authz.command.group;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/** The write model's vocabulary for groups. Every command names the user pool it acts in. */
public final class GroupCommands {
    private GroupCommands() {
    }

    public record CreateGroup(@TargetAggregateIdentifier String groupId, String poolId, String code, String name,
                              String description, String type, Map<String, Object> customData) {
    }

    /** All groups or none: one transaction, one unit of work. */
    public record CreateGroupsBatch(String poolId, List<CreateGroup> groups) {
    }

    /** {@code newCode}, {@code name}, {@code description}, {@code customData}: null keeps the current value. */
    public record UpdateGroup(@TargetAggregateIdentifier String groupId, String poolId, String newCode, String name,
                              String description, Map<String, Object> customData) {
    }

    public record DeleteGroups(String poolId, List<String> groupIds) {
    }

    public record AddGroupMembers(@TargetAggregateIdentifier String groupId, String poolId, List<String> userIds) {
    }

    public record RemoveGroupMembers(@TargetAggregateIdentifier String groupId, String poolId,
                                     List<String> userIds) {
    }
}
