package dev.authz.api.web;

/** A group as it was at {@code at}, with its members then (ids, in the order they joined, paged). */
public record GroupAsOfDto(String at, String aggregateId, String code, String name, String description,
                           String type, boolean deleted, long memberCount, Page<String> members) {
}
