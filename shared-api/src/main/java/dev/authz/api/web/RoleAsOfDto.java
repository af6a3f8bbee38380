package dev.authz.api.web;

/**
 * A role as it was at {@code at}, with the assignments that counted then (an assignment with a window only
 * when {@code enableTime <= at < endTime}), paged.
 */
public record RoleAsOfDto(String at, String aggregateId, String namespaceId, String code, String name,
                          String description, String status, Long disableTime, boolean deleted,
                          Page<RoleAssignmentDto> assignments) {
}
