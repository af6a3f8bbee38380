package dev.authz.command.customfield;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.CustomFieldDefinition;
import dev.authz.api.event.CustomFieldsSet;
import dev.authz.api.web.CustomFieldDto;
import dev.authz.command.customfield.CustomFieldCommands.FieldChange;
import dev.authz.command.customfield.CustomFieldCommands.SetCustomFields;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The custom field definitions of one pool (user, role, group and department fields). One small aggregate per
 * pool, created by its first set-custom-fields: a pool has a few dozen fields at most, and a change must be
 * checked against the fields already defined (key, dataType and encrypted are fixed once set).
 */
@Aggregate(cache = "aggregateCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class CustomFieldSchemaAggregate {
    @AggregateIdentifier
    private String schemaId;
    private String poolId;
    /** By {@link #slot}: targetType and key. */
    private Map<String, CustomFieldDefinition> fields = new HashMap<>();
    private Map<String, Instant> firstSetAt = new HashMap<>();

    protected CustomFieldSchemaAggregate() {
        // for event sourcing, and for the first set-custom-fields of a pool
    }

    /** The fields as they stand after the change, each with the time it was first set. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public List<CustomFieldDto> handle(SetCustomFields command) {
        if (!CustomFieldCommands.schemaIdOf(command.poolId()).equals(command.schemaId())) {
            throw new IllegalArgumentException("schema " + command.schemaId() + " is not pool " + command.poolId() + "'s");
        }
        List<CustomFieldDefinition> changed = command.fields().stream()
                .map(change -> merged(fields.get(slot(change.targetType(), change.key())), change)).toList();
        apply(new CustomFieldsSet(command.poolId(), command.schemaId(), changed));
        return changed.stream()
                .map(field -> CustomFieldDto.of(field, firstSetAt.get(slot(field.targetType(), field.key())))).toList();
    }

    /** The change laid over the current definition, or over the defaults when the field is new. */
    private static CustomFieldDefinition merged(CustomFieldDefinition current, FieldChange change) {
        String field = change.targetType() + " " + change.key();
        if (current == null && change.dataType() == null) {
            throw ApiException.invalid("dataType", "required for the new field " + field);
        }
        if (current != null && change.dataType() != null && !change.dataType().equals(current.dataType())) {
            throw new ApiException(ErrorCode.CUSTOM_FIELD_FIXED, "dataType (" + field + ")");
        }
        if (current != null && change.encrypted() != null && change.encrypted() != current.encrypted()) {
            throw new ApiException(ErrorCode.CUSTOM_FIELD_FIXED, "encrypted (" + field + ")");
        }
        CustomFieldDefinition base = current != null ? current : defaults(change);
        List<CustomFieldDefinition.Option> options = or(change.options(), base.options());
        if (CustomFieldDefinition.ENUM.equals(base.dataType()) && options.isEmpty()) {
            throw ApiException.invalid("options", field + ": an ENUM field needs options");
        }
        if (!CustomFieldDefinition.ENUM.equals(base.dataType()) && !options.isEmpty()) {
            throw ApiException.invalid("options", field + ": only ENUM fields have options");
        }
        return new CustomFieldDefinition(base.targetType(), base.key(), base.dataType(),
                or(change.label(), base.label()), or(change.description(), base.description()), base.encrypted(),
                or(change.isUnique(), base.isUnique()), or(change.userEditable(), base.userEditable()),
                or(change.visibleInAdminConsole(), base.visibleInAdminConsole()),
                or(change.visibleInUserCenter(), base.visibleInUserCenter()), List.copyOf(options));
    }

    /** A new field: labelled with its key, shown in the console, not unique, not user-editable. */
    private static CustomFieldDefinition defaults(FieldChange change) {
        return new CustomFieldDefinition(change.targetType(), change.key(), change.dataType(), change.key(), null,
                Boolean.TRUE.equals(change.encrypted()), false, false, true, false, List.of());
    }

    private static <T> T or(T given, T current) {
        return given != null ? given : current;
    }

    static String slot(String targetType, String key) {
        return targetType + "|" + key;
    }

    @EventSourcingHandler
    void on(CustomFieldsSet event, @Timestamp Instant at) {
        schemaId = event.schemaId();
        poolId = event.poolId();
        for (CustomFieldDefinition field : event.fields()) {
            fields.put(slot(field.targetType(), field.key()), field);
            firstSetAt.putIfAbsent(slot(field.targetType(), field.key()), at);
        }
    }
}
