package dev.authz.api.web;

import java.util.List;

/** DepartmentDto of the SDK. {@code parentDepartmentId} is null for an organization's root department. */
public record DepartmentDto(String organizationCode, String departmentId, String createdAt, String updatedAt,
                            String name, String description, String parentDepartmentId, String code,
                            String parentDepartmentCode, long membersCount, boolean hasChildren,
                            boolean isVirtualNode, List<String> leaderUserIds, boolean status) {
}
