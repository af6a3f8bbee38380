package dev.authz.api.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.authz.api.event.CustomFieldDefinition;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The SDK's CustomFieldDto: a custom field definition and when it was first set. */
public record CustomFieldDto(String targetType, String createdAt, String dataType, String key, String label,
                             String description, boolean encrypted, @JsonProperty("isUnique") boolean isUnique,
                             boolean userEditable, boolean visibleInAdminConsole, boolean visibleInUserCenter,
                             List<CustomFieldDefinition.Option> options) {

    /** {@code createdAt} to the millisecond, as the event store and the read model keep it. */
    public static CustomFieldDto of(CustomFieldDefinition field, Instant createdAt) {
        return new CustomFieldDto(field.targetType(),
                createdAt == null ? null : createdAt.truncatedTo(ChronoUnit.MILLIS).toString(),
                field.dataType(), field.key(), field.label(), field.description(), field.encrypted(),
                field.isUnique(), field.userEditable(), field.visibleInAdminConsole(), field.visibleInUserCenter(),
                field.options());
    }
}
