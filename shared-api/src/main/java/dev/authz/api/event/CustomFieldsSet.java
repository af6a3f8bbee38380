package dev.authz.api.event;

import java.util.List;

/**
 * Custom field definitions of a pool were created or changed (set-custom-fields). All definitions of a pool are
 * one stream ({@code schemaId}), so a change is checked against the fields already there; {@code fields} holds
 * only the fields this change touched, each complete.
 */
@EventType(name = "CustomFieldsSet")
public record CustomFieldsSet(String poolId, String schemaId, List<CustomFieldDefinition> fields)
        implements DomainEvent {

    @Override
    public String aggregateId() {
        return schemaId;
    }

    @Override
    public String aggregateType() {
        return "customFields";
    }
}
