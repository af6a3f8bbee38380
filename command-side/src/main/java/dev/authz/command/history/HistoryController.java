package dev.authz.command.history;

import dev.authz.api.error.ApiException;
import dev.authz.api.event.DepartmentCreated;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.EntityHistoryDto;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.lookup.CodeRegistry.Kind;
import dev.authz.api.error.ErrorCode;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Entity history: every stored event of one entity, oldest first, read from the event store (ADR 0006). An
 * entity is found by any code it ever held (current, former, last before deletion); when several entities held
 * the code over time the most recent one answers and {@code aggregateId} picks another.
 */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "history", description = "Entity history and time travel, from the event store")
public class HistoryController {
    static final String CODE = "Its current code, a former one, or its last one before it was deleted";
    static final String NAMESPACE = "The namespace code (a former one works too); default \"default\"";

    private final EntityHistory history;
    private final CodeHistory codes;

    public HistoryController(EntityHistory history, CodeHistory codes) {
        this.history = history;
        this.codes = codes;
    }

    @GetMapping("/get-group-history")
    @Operation(summary = "Every event of a group, oldest first, with its request metadata")
    public ApiResponse<EntityHistoryDto> getGroupHistory(
            @Parameter(description = CODE) @RequestParam(required = false) String code,
            @ParameterObject HistoryParams params) {
        return poolWide(Subject.GROUP, Kind.GROUP, code, params);
    }

    @GetMapping("/get-namespace-history")
    @Operation(summary = "Every event of a namespace (权限分组), oldest first, with its request metadata")
    public ApiResponse<EntityHistoryDto> getNamespaceHistory(
            @Parameter(description = CODE) @RequestParam(required = false) String code,
            @ParameterObject HistoryParams params) {
        return poolWide(Subject.NAMESPACE, Kind.NAMESPACE, code, params);
    }

    @GetMapping("/get-role-history")
    @Operation(summary = "Every event of a role of a namespace (assignments too), oldest first")
    public ApiResponse<EntityHistoryDto> getRoleHistory(
            @Parameter(description = CODE) @RequestParam(required = false) String code,
            @Parameter(description = NAMESPACE) @RequestParam(required = false) String namespace,
            @ParameterObject HistoryParams params) {
        return inNamespace(Subject.ROLE, Kind.ROLE, code, namespace, params);
    }

    @GetMapping("/get-resource-history")
    @Operation(summary = "Every event of a resource of a namespace, oldest first")
    public ApiResponse<EntityHistoryDto> getResourceHistory(
            @Parameter(description = CODE) @RequestParam(required = false) String code,
            @Parameter(description = NAMESPACE) @RequestParam(required = false) String namespace,
            @ParameterObject HistoryParams params) {
        return inNamespace(Subject.RESOURCE, Kind.RESOURCE, code, namespace, params);
    }

    @GetMapping("/get-user-history")
    @Operation(summary = "Every event of a user's own stream (profile changes, deletion), oldest first")
    public ApiResponse<EntityHistoryDto> getUserHistory(
            @Parameter(description = "The user's id") @RequestParam(required = false) String userId,
            @Parameter(description = "Page number, from 1") @RequestParam(required = false) Integer page,
            @Parameter(description = "Page size, at most 50; default 10")
            @RequestParam(required = false) Integer limit) {
        return Responses.ok(history.byId(Subject.USER, pool(), Params.required("userId", userId), event -> true,
                Params.page(page), Params.limit(limit)));
    }

    @GetMapping("/get-department-history")
    @Operation(summary = "Every event of a department (members too), oldest first; addressed like the department "
            + "endpoints: organizationCode plus departmentId (departmentIdType department_id or code)")
    public ApiResponse<EntityHistoryDto> getDepartmentHistory(
            @Parameter(description = "The organization's code (a former one works too)")
            @RequestParam(required = false) String organizationCode,
            @Parameter(description = "The department's id, or its code with departmentIdType=code")
            @RequestParam(required = false) String departmentId,
            @Parameter(description = "department_id (default) or code")
            @RequestParam(required = false) String departmentIdType,
            @ParameterObject HistoryParams params) {
        String pool = pool();
        String given = organizationCode == null ? "" : organizationCode;
        if (given.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("organizationCode");
        }
        List<String> organizationIds = codes.idsOf(Kind.ORGANIZATION, pool, given,
                () -> new ApiException(ErrorCode.ORGANIZATION_NOT_FOUND, given));
        String id = Params.required("departmentId", departmentId);
        int page = params.pageNumber();
        int limit = params.pageSize();
        String type = departmentIdType == null || departmentIdType.isEmpty() ? "department_id" : departmentIdType;
        return Responses.ok(switch (type) {
            case "department_id" -> history.byId(Subject.DEPARTMENT, pool, id, first -> first instanceof
                    DepartmentCreated created && organizationIds.contains(created.organizationId()), page, limit);
            case "code" -> history.byCode(Subject.DEPARTMENT, Kind.DEPARTMENT, pool, organizationIds, id,
                    params.aggregateId(), page, limit);
            default -> throw ApiException.invalid("departmentIdType", "department_id or code");
        });
    }

    private ApiResponse<EntityHistoryDto> poolWide(Subject subject, Kind kind, String code, HistoryParams params) {
        String checkedCode = Params.required("code", code);
        return Responses.ok(history.byCode(subject, kind, pool(), List.of(CodeRegistry.POOL_WIDE), checkedCode,
                params.aggregateId(), params.pageNumber(), params.pageSize()));
    }

    private ApiResponse<EntityHistoryDto> inNamespace(Subject subject, Kind kind, String code, String namespace,
                                                      HistoryParams params) {
        String pool = pool();
        String checkedCode = Params.required("code", code);
        List<String> namespaceIds = codes.idsOf(Kind.NAMESPACE, pool, NamespaceCodes.orDefault(namespace),
                () -> new ApiException(ErrorCode.NAMESPACE_NOT_FOUND));
        return Responses.ok(history.byCode(subject, kind, pool, namespaceIds, checkedCode, params.aggregateId(),
                params.pageNumber(), params.pageSize()));
    }

    static String pool() {
        return RequestContext.current().poolId();
    }
}
