package dev.authz.api.web;

import java.util.List;

/** OrganizationDto of the SDK: an organization with its root department ({@code departmentId}). */
public record OrganizationDto(String organizationCode, String organizationName, String description,
                              String createdAt, String updatedAt, String departmentId, boolean hasChildren,
                              List<String> leaderUserIds, long membersCount, boolean isVirtualNode,
                              String status) {
}
