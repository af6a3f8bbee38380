package dev.authz.query.authorization;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.authz.api.authorization.PermissionRules;
import dev.authz.api.authorization.PermissionRules.Filter;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.AuthorizedResourceDto;
import dev.authz.api.web.Page;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.QueryArrays;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import dev.authz.query.directory.UserIdType;
import dev.authz.query.directory.UserQueries;
import dev.authz.query.group.GroupQueries;
import dev.authz.query.namespace.NamespaceQueries;
import dev.authz.query.readmodel.ReadModel;
import com.mongodb.client.model.Filters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/**
 * Authorization reads. Group and role codes resolve to ids here, at read time, so renames change nothing;
 * is-action-allowed reads one effective-permissions document.
 */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "authorization")
public class AuthorizationController {
    private static final Set<String> TARGET_TYPES = Set.of("USER", "ROLE", "GROUP", "DEPARTMENT");

    private final PermissionQueries permissions;
    private final NamespaceQueries namespaces;
    private final GroupQueries groups;
    private final UserQueries users;
    private final ReadModel readModel;

    public AuthorizationController(PermissionQueries permissions, NamespaceQueries namespaces, GroupQueries groups,
                                   UserQueries users, ReadModel readModel) {
        this.permissions = permissions;
        this.namespaces = namespaces;
        this.groups = groups;
        this.users = users;
        this.readModel = readModel;
    }

    record IsActionAllowedRequest(String userId, String action, String resource, String namespace) {
    }

    record IsActionAllowed(boolean allowed) {
    }

    record TargetsRequest(String resource, String namespace, String targetType, Integer page, Integer limit) {
    }

    record AuthorizedTarget(String targetType, String targetIdentifier, List<String> actions) {
    }

    record RoleAuthorizedResource(String resourceCode, String resourceType, List<String> actions,
                                  String apiIdentifier) {
    }

    @GetMapping("/get-authorized-resources")
    @Parameter(in = ParameterIn.QUERY, name = "resourceList", required = false, description = "key[]=a&key[]=b, key=a,b or repeated key=",
            array = @ArraySchema(schema = @Schema(type = "string")))
    @Operation(summary = "The resources granted to one target itself (user id, role code, group code, department id)")
    public ApiResponse<Page<AuthorizedResourceDto>> getAuthorizedResources(
            HttpServletRequest request, @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetIdentifier, @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String resourceType,
            @RequestParam(defaultValue = "false") boolean withDenied) {
        String pool = pool();
        String namespaceId = namespaceId(pool, namespace);
        if (targetType == null || !TARGET_TYPES.contains(targetType)) {
            throw ApiException.invalid("targetType", "one of " + TARGET_TYPES);
        }
        String identifier = targetIdentifier == null ? "" : targetIdentifier;
        String targetId = switch (targetType) {
            case "GROUP" -> groupId(pool, identifier, ErrorCode.GROUP_NOT_FOUND_BY_CODE);
            case "ROLE" -> roleId(pool, namespaceId, identifier);
            case "USER" -> users.require(pool, UserIdType.USER_ID, Params.required("targetIdentifier", identifier))
                    .getString("_id");
            default -> departmentId(pool, identifier);
        };
        List<AuthorizedResourceDto> list = permissions.toDtos(pool, namespaceId,
                permissions.policyGrants(pool, namespaceId, targetType, targetId),
                new Filter(resourceType(resourceType), QueryArrays.of(request, "resourceList"), withDenied));
        return Responses.ok(new Page<>(list.size(), list));
    }

    @GetMapping("/get-group-authorized-resources")
    @Operation(summary = "The resources granted to a group")
    public ApiResponse<List<AuthorizedResourceDto>> getGroupAuthorizedResources(
            @RequestParam(required = false) String code, @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String resourceType) {
        String pool = pool();
        String groupId = groupId(pool, Params.required("code", code), ErrorCode.GROUP_NOT_FOUND);
        String namespaceId = namespaceId(pool, namespace);
        return Responses.ok(permissions.toDtos(pool, namespaceId,
                permissions.policyGrants(pool, namespaceId, "GROUP", groupId),
                new Filter(resourceType(resourceType), null, false)));
    }

    @GetMapping("/get-role-authorized-resources")
    @Operation(summary = "The resources granted to a role of a namespace")
    public ApiResponse<Page<RoleAuthorizedResource>> getRoleAuthorizedResources(
            @RequestParam(required = false) String code, @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String resourceType) {
        String pool = pool();
        String namespaceId = namespaceId(pool, namespace);
        String roleId = roleId(pool, namespaceId, Params.required("code", code));
        List<RoleAuthorizedResource> list = permissions.toDtos(pool, namespaceId,
                        permissions.policyGrants(pool, namespaceId, "ROLE", roleId),
                        new Filter(resourceType(resourceType), null, false)).stream()
                .map(dto -> new RoleAuthorizedResource(dto.resourceCode(), dto.resourceType(), dto.actions(),
                        dto.apiIdentifier())).toList();
        return Responses.ok(new Page<>(list.size(), list));
    }

    @GetMapping("/get-user-authorized-resources")
    @Operation(summary = "Everything granted to a user now: directly, through groups, departments and roles")
    public ApiResponse<Page<AuthorizedResourceDto>> getUserAuthorizedResources(
            @RequestParam(required = false) String userId, @RequestParam(required = false) String userIdType,
            @RequestParam(required = false) String namespace, @RequestParam(required = false) String resourceType) {
        String pool = pool();
        String id = users.require(pool, UserIdType.parse(userIdType), Params.required("userId", userId))
                .getString("_id");
        String namespaceId = namespaceId(pool, namespace);
        List<AuthorizedResourceDto> list = permissions.toDtos(pool, namespaceId,
                permissions.activeGrants(pool, namespaceId, id, System.currentTimeMillis()),
                new Filter(resourceType(resourceType), null, false));
        return Responses.ok(new Page<>(list.size(), list));
    }

    @PostMapping("/is-action-allowed")
    @Operation(summary = "Whether the user may do the action on the resource (a matching DENY wins)")
    public ApiResponse<IsActionAllowed> isActionAllowed(@RequestBody IsActionAllowedRequest request) {
        String pool = pool();
        String userId = Params.required("userId", request.userId());
        String action = Params.required("action", request.action());
        String resource = Params.required("resource", request.resource());
        String namespaceId = namespaceId(pool, request.namespace());
        return Responses.ok(new IsActionAllowed(permissions.isAllowed(pool, namespaceId, userId, action, resource,
                System.currentTimeMillis())));
    }

    @PostMapping("/get-resource-authorized-targets")
    @Operation(summary = "The targets granted a resource code (ALLOW grants), by target")
    public ApiResponse<Page<AuthorizedTarget>> getResourceAuthorizedTargets(@RequestBody TargetsRequest request) {
        String pool = pool();
        String resource = Params.required("resource", request.resource());
        if (request.targetType() != null && !TARGET_TYPES.contains(request.targetType())) {
            throw ApiException.invalid("targetType", "one of " + TARGET_TYPES);
        }
        String namespaceId = namespaceId(pool, request.namespace());
        Page<PermissionQueries.GrantedTarget> found = permissions.targets(pool, namespaceId, resource,
                request.targetType(), Params.page(request.page()), Params.limit(request.limit()));
        return Responses.ok(new Page<>(found.totalCount(), found.list().stream()
                .map(t -> new AuthorizedTarget(t.targetType(), identifierOf(t), t.actions())).toList()));
    }

    /** Roles and groups are named by code, users and departments by id. */
    private String identifierOf(PermissionQueries.GrantedTarget target) {
        Document found = switch (target.targetType()) {
            case "GROUP" -> readModel.groups().find(Filters.eq("_id", target.targetId())).first();
            case "ROLE" -> permissions.roleById(target.targetId());
            default -> null;
        };
        return found == null ? target.targetId() : found.getString("code");
    }

    private String namespaceId(String pool, String namespace) {
        return namespaces.idOf(pool, namespace).orElseThrow(() -> new ApiException(ErrorCode.NAMESPACE_NOT_FOUND));
    }

    private String groupId(String pool, String code, ErrorCode missing) {
        try {
            return groups.byCode(pool, code).getString("_id");
        } catch (ApiException e) {
            throw new ApiException(missing, code);
        }
    }

    private String roleId(String pool, String namespaceId, String code) {
        return permissions.role(pool, namespaceId, code).map(role -> role.getString("_id"))
                .orElseThrow(() -> new ApiException(ErrorCode.ROLE_NOT_FOUND));
    }

    private String departmentId(String pool, String departmentId) {
        if (!permissions.departmentExists(pool, departmentId)) {
            throw new ApiException(ErrorCode.DEPARTMENT_NOT_FOUND);
        }
        return departmentId;
    }

    private static String resourceType(String resourceType) {
        return PermissionRules.resourceTypeFilter(resourceType);
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
