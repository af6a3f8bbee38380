package dev.authz.command.customfield;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.authz.api.event.CustomFieldDefinition;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public final class CustomFieldCommands {
    private CustomFieldCommands() {
    }

    /** The one stream that holds every custom field definition of a pool. */
    public static String schemaIdOf(String poolId) {
        return "custom-fields-" + poolId;
    }

    /** Creates or changes the listed fields of the pool: all of them or none. */
    public record SetCustomFields(@TargetAggregateIdentifier String schemaId, String poolId,
                                  List<FieldChange> fields) {
    }

    /**
     * One entry of set-custom-fields (the SDK's SetCustomFieldDto): null members keep the field's current value,
     * or take the default when the field is new. i18n, validateRules, appIds and desensitization are not kept.
     */
    public record FieldChange(String targetType, String key, String dataType, String label, String description,
                              Boolean encrypted, @JsonProperty("isUnique") Boolean isUnique, Boolean userEditable,
                              Boolean visibleInAdminConsole, Boolean visibleInUserCenter,
                              List<CustomFieldDefinition.Option> options) {
    }
}
