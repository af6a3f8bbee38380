package dev.authz.api.web;

/** A role held by a USER or a DEPARTMENT, optionally only between enableTime and endTime (epoch ms). */
public record RoleAssignmentDto(String targetType, String targetId, Long enableTime, Long endTime) {
}
