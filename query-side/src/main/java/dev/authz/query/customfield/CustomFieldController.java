package dev.authz.query.customfield;

import dev.authz.api.error.ApiException;
import dev.authz.api.event.CustomFieldDefinition;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.CustomFieldDto;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Custom field definitions set through set-custom-fields (built-in fields are not listed). */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "custom fields")
public class CustomFieldController {
    private final CustomFieldQueries queries;

    public CustomFieldController(CustomFieldQueries queries) {
        this.queries = queries;
    }

    /** tenantId is accepted and ignored (no tenants here). */
    @GetMapping("/get-custom-fields")
    @Operation(summary = "The custom fields of a target type (USER, ROLE, GROUP, DEPARTMENT), oldest first")
    public ApiResponse<List<CustomFieldDto>> getCustomFields(@RequestParam(required = false) String targetType,
                                                             @RequestParam(required = false) String tenantId) {
        if (targetType == null || !CustomFieldDefinition.TARGET_TYPES.contains(targetType)) {
            throw ApiException.invalid("targetType", "one of " + CustomFieldDefinition.TARGET_TYPES);
        }
        return Responses.ok(queries.of(RequestContext.current().poolId(), targetType));
    }
}
