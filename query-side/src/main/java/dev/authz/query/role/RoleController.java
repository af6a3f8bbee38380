package dev.authz.query.role;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.authz.api.error.ApiException;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Page;
import dev.authz.api.web.RoleDto;
import dev.authz.api.web.UserDto;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.QueryArrays;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import dev.authz.query.directory.UserIdType;
import dev.authz.query.directory.UserQueries;
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

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/** Role reads. A role is addressed by namespace code (absent: "default") and code. */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "roles")
public class RoleController {
    private final RoleQueries queries;
    private final UserQueries users;

    public RoleController(RoleQueries queries, UserQueries users) {
        this.queries = queries;
        this.users = users;
    }

    record RoleRef(String namespace, String code) {
    }

    record HasAnyRoleRequest(String userId, List<RoleRef> roles) {
    }

    record HasAnyRole(boolean hasAnyRole) {
    }

    @GetMapping("/get-role")
    @Operation(summary = "A role by namespace and code")
    public ApiResponse<RoleDto> getRole(@RequestParam(required = false) String code,
                                        @RequestParam(required = false) String namespace) {
        return Responses.ok(queries.toDto(role(code, namespace)));
    }

    @GetMapping("/list-roles")
    @Operation(summary = "Roles of a namespace, newest first")
    public ApiResponse<Page<RoleDto>> listRoles(@RequestParam(required = false) Integer page,
                                                @RequestParam(required = false) Integer limit,
                                                @RequestParam(required = false) String keywords,
                                                @RequestParam(required = false) String namespace) {
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        return Responses.ok(queries.page(pool(), queries.namespaceId(pool(), namespace),
                Params.text("keywords", keywords), checkedPage, checkedLimit));
    }

    @GetMapping("/list-namespace-roles")
    @Operation(summary = "Roles of the namespace with this code")
    public ApiResponse<Page<Map<String, Object>>> listNamespaceRoles(@RequestParam(required = false) String code,
                                                                    @RequestParam(required = false) Integer page,
                                                                    @RequestParam(required = false) Integer limit,
                                                                    @RequestParam(required = false) String keywords) {
        if (code == null || code.isEmpty() || code.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("code");
        }
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        return Responses.ok(queries.namespaceRoles(pool(), queries.namespaceId(pool(), code),
                Params.text("keywords", keywords), checkedPage, checkedLimit));
    }

    @GetMapping("/list-role-members")
    @Operation(summary = "Users that hold the role now (directly)")
    public ApiResponse<Page<UserDto>> listRoleMembers(@RequestParam(required = false) String code,
                                                      @RequestParam(required = false) String namespace,
                                                      @RequestParam(required = false) Integer page,
                                                      @RequestParam(required = false) Integer limit,
                                                      @RequestParam(defaultValue = "false") boolean withCustomData,
                                                      @RequestParam(defaultValue = "false") boolean withIdentities,
                                                      @RequestParam(defaultValue = "false") boolean withDepartmentIds) {
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        return Responses.ok(queries.members(pool(), role(code, namespace), checkedPage, checkedLimit,
                new UserDto.Options(withCustomData, withIdentities, withDepartmentIds)));
    }

    @GetMapping("/list-role-departments")
    @Operation(summary = "Departments that hold the role now")
    public ApiResponse<Page<Map<String, Object>>> listRoleDepartments(@RequestParam(required = false) String code,
                                                                     @RequestParam(required = false) String namespace,
                                                                     @RequestParam(required = false) Integer page,
                                                                     @RequestParam(required = false) Integer limit) {
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        return Responses.ok(queries.departments(pool(), role(code, namespace), checkedPage, checkedLimit));
    }

    @GetMapping("/list-role-assignments")
    @Parameter(in = ParameterIn.QUERY, name = "targetType", required = false, description = "key[]=a&key[]=b, key=a,b or repeated key=",
            array = @ArraySchema(schema = @Schema(type = "string")))
    @Operation(summary = "The role's current assignments; targetType USER and/or ORG")
    public ApiResponse<Page<Map<String, Object>>> listRoleAssignments(HttpServletRequest request,
                                                                     @RequestParam(required = false) String roleCode,
                                                                     @RequestParam(required = false) String namespaceCode,
                                                                     @RequestParam(required = false) Integer page,
                                                                     @RequestParam(required = false) Integer limit) {
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        Document role = queries.role(pool(), queries.namespaceId(pool(), namespaceCode), roleCode);
        return Responses.ok(queries.assignments(role, QueryArrays.of(request, "targetType"), checkedPage,
                checkedLimit));
    }

    @GetMapping("/get-user-roles")
    @Operation(summary = "Roles a user holds now (directly), optionally of one namespace")
    public ApiResponse<Page<RoleDto>> getUserRoles(@RequestParam(required = false) String userId,
                                                   @RequestParam(required = false) String userIdType,
                                                   @RequestParam(required = false) String namespace) {
        Document user = users.require(pool(), UserIdType.parse(userIdType), userId);
        String namespaceId = namespace == null || namespace.isEmpty() ? null : queries.namespaceId(pool(), namespace);
        return Responses.ok(queries.rolesOf(pool(), user.getString("_id"), namespaceId));
    }

    @PostMapping("/has-any-role")
    @Operation(summary = "Whether the user holds any of the roles now; unknown roles count as not held")
    public ApiResponse<HasAnyRole> hasAnyRole(@RequestBody HasAnyRoleRequest request) {
        List<RoleRef> roles = Params.list("roles", request.roles());
        Params.eachEntry("roles", roles, role -> {
            Params.text("code", role.code());
            Params.text("namespace", role.namespace());
        });
        Document user = users.require(pool(), UserIdType.USER_ID, request.userId());
        List<Map.Entry<String, String>> wanted = roles.stream()
                .map(role -> (Map.Entry<String, String>) new AbstractMap.SimpleEntry<>(role.namespace(), role.code()))
                .filter(entry -> entry.getValue() != null)
                .toList();
        return Responses.ok(new HasAnyRole(queries.hasAnyRole(pool(), user.getString("_id"), wanted)));
    }

    private Document role(String code, String namespace) {
        String pool = pool();
        if (code == null || code.isEmpty() || code.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("code");
        }
        return queries.role(pool, queries.namespaceId(pool, namespace), code);
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
