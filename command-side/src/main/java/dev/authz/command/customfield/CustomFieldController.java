package dev.authz.command.customfield;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.CustomFieldDefinition;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.CustomFieldDto;
import dev.authz.api.web.DepartmentDto;
import dev.authz.api.web.GroupDto;
import dev.authz.api.web.RoleDto;
import dev.authz.api.web.UserDto;
import dev.authz.command.consistency.CommandDispatcher;
import dev.authz.command.customfield.CustomFieldCommands.FieldChange;
import dev.authz.command.customfield.CustomFieldCommands.SetCustomFields;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Custom field definitions (set-custom-fields). The definitions are kept and served (get-custom-fields); the
 * values a user's customData holds are not checked against them, and {@code encrypted} is recorded but values are
 * stored as given.
 */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "custom fields")
public class CustomFieldController {
    /** A custom key cannot take the name of a built-in field of its target: those are the DTO's fields. */
    private static final Map<String, Set<String>> BUILT_IN_KEYS = Map.of(
            "USER", fieldNames(UserDto.class), "ROLE", fieldNames(RoleDto.class),
            "GROUP", fieldNames(GroupDto.class), "DEPARTMENT", fieldNames(DepartmentDto.class));
    /** Also a MongoDB-safe field name: no dots, no leading $. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final CommandDispatcher dispatcher;

    public CustomFieldController(CommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** SetCustomFieldsReqDto; tenantId is accepted and ignored (no tenants here). */
    record SetCustomFieldsRequest(List<FieldChange> list, String tenantId) {
    }

    @PostMapping("/set-custom-fields")
    @Operation(summary = "Create or change custom field definitions (USER, ROLE, GROUP, DEPARTMENT), all or none")
    public ApiResponse<List<CustomFieldDto>> setCustomFields(@RequestBody SetCustomFieldsRequest request) {
        String pool = RequestContext.current().poolId();
        List<FieldChange> fields = Params.list("list", request.list());
        Params.eachEntry("list", fields, CustomFieldController::check);
        Set<String> seen = new HashSet<>();
        for (FieldChange field : fields) {
            if (!seen.add(field.targetType() + " " + field.key())) {
                throw ApiException.invalid("list", field.targetType() + " " + field.key() + " is listed twice");
            }
        }
        SetCustomFields command = new SetCustomFields(CustomFieldCommands.schemaIdOf(pool), pool, fields);
        // The pool's schema is created by its first change and never deleted: it cannot be missing.
        return Responses.ok(dispatcher.<List<CustomFieldDto>>send(command, ErrorCode.INTERNAL_ERROR).value());
    }

    /** What can be told without the fields already defined; the rest is the aggregate's. */
    private static void check(FieldChange field) {
        Set<String> builtIn = field.targetType() == null ? null : BUILT_IN_KEYS.get(field.targetType());
        if (builtIn == null) {
            throw ApiException.invalid("targetType", "one of " + CustomFieldDefinition.TARGET_TYPES);
        }
        if (field.key() == null || !KEY.matcher(field.key()).matches()) {
            throw ApiException.invalid("key", "a letter, then letters, digits or _, at most 64 characters");
        }
        if (builtIn.contains(field.key())) {
            throw ApiException.invalid("key", field.key() + " is a built-in field");
        }
        if (field.dataType() != null && !CustomFieldDefinition.DATA_TYPES.contains(field.dataType())) {
            throw ApiException.invalid("dataType", "one of " + CustomFieldDefinition.DATA_TYPES);
        }
        Params.text("label", field.label());
        Params.text("description", field.description());
        if (field.options() != null) {
            for (CustomFieldDefinition.Option option : field.options()) {
                if (option == null) {
                    throw ApiException.invalid("options", "contains null");
                }
                Params.required("options", option.value());
                Params.required("options", option.label());
            }
            if (field.options().stream().map(CustomFieldDefinition.Option::value).distinct().count()
                    < field.options().size()) {
                throw ApiException.invalid("options", "option values must be distinct");
            }
        }
    }

    private static Set<String> fieldNames(Class<? extends Record> dto) {
        return Arrays.stream(dto.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
    }
}
