package dev.authz.api.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Set;

/**
 * One custom field of a pool as it stands after a change: what the SDK's SetCustomFieldDto defines, with every
 * default filled in. {@code options} is empty unless {@code dataType} is ENUM. Field keys are unique per
 * {@code targetType} (USER, ROLE, GROUP, DEPARTMENT); key and dataType never change once set.
 */
public record CustomFieldDefinition(String targetType, String key, String dataType, String label,
                                    String description, boolean encrypted,
                                    @JsonProperty("isUnique") boolean isUnique, boolean userEditable,
                                    boolean visibleInAdminConsole, boolean visibleInUserCenter,
                                    List<Option> options) {
    public static final Set<String> TARGET_TYPES = Set.of("USER", "ROLE", "GROUP", "DEPARTMENT");
    public static final String ENUM = "ENUM";
    public static final Set<String> DATA_TYPES = Set.of("STRING", "NUMBER", "DATETIME", "BOOLEAN", ENUM);

    /** An ENUM choice: {@code value} is stored, {@code label} is shown. */
    public record Option(String value, String label) {
    }
}
