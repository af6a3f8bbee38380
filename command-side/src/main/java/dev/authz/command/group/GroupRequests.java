package dev.authz.command.group;

import java.util.List;
import java.util.Map;

/** Request bodies of the group endpoints, field names as the SDK sends them. */
final class GroupRequests {
    private GroupRequests() {
    }

    record CreateGroupRequest(String code, String name, String description, String type,
                              Map<String, Object> customData) {
    }

    record CreateGroupsBatchRequest(List<CreateGroupRequest> list) {
    }

    record UpdateGroupRequest(String code, String newCode, String name, String description,
                              Map<String, Object> customData) {
    }

    record DeleteGroupsRequest(List<String> codeList) {
    }

    record GroupMembersRequest(String code, List<String> userIds) {
    }

    /** CreateOrUpdateGroupDataDto. */
    record CreateOrUpdateResult(boolean created, dev.authz.api.web.GroupDto data) {
    }
}
