package dev.authz.command.role;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.IsSuccess;
import dev.authz.api.web.RoleDto;
import dev.authz.command.Ids;
import dev.authz.command.consistency.CommandDispatcher;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.role.RoleCommands.AssignRole;
import dev.authz.command.role.RoleCommands.AssignRolesBatch;
import dev.authz.command.role.RoleCommands.CreateRole;
import dev.authz.command.role.RoleCommands.CreateRolesBatch;
import dev.authz.command.role.RoleCommands.DeleteRoles;
import dev.authz.command.role.RoleCommands.RevokeRole;
import dev.authz.command.role.RoleCommands.RevokeRolesBatch;
import dev.authz.command.role.RoleCommands.Target;
import dev.authz.command.role.RoleCommands.UpdateRole;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import static dev.authz.command.lookup.CodeRegistry.Kind.NAMESPACE;
import static dev.authz.command.lookup.CodeRegistry.Kind.ROLE;
import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;

/**
 * The role write endpoints. A role is addressed by namespace code (absent: "default") and role code; the
 * checks run in the order the SDK's specs expect: formats first, then the namespace, the role, the targets.
 */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "roles")
public class RoleController {
    static final String DEFAULT_NAMESPACE = "default";

    private final CommandDispatcher dispatcher;
    private final CodeRegistry codes;

    public RoleController(CommandDispatcher dispatcher, CodeRegistry codes) {
        this.dispatcher = dispatcher;
        this.codes = codes;
    }

    record CreateRoleRequest(String code, String name, String namespace, String description, String disableTime) {
    }

    record CreateRolesBatchRequest(List<CreateRoleRequest> list) {
    }

    record UpdateRoleRequest(String code, String newCode, String name, String namespace, String description,
                             String status,
                             @Schema(type = "string", nullable = true, description = "Epoch milliseconds (number or "
                                     + "numeric string); null or \"\" removes the disable time, absent keeps it")
                             JsonNode disableTime) {
    }

    record DeleteRolesRequest(List<String> codeList, String namespace) {
    }

    record TargetRequest(String targetType, String targetIdentifier) {
    }

    record AssignRoleRequest(String code, String namespace, List<TargetRequest> targets, Long enableTime,
                             Long endTime) {
    }

    record RoleCodeRequest(String code, String namespace) {
    }

    record RolesBatchTargetsRequest(List<TargetRequest> targets, List<RoleCodeRequest> roles, Long enableTime,
                                    Long endTime) {
    }

    @PostMapping("/create-role")
    @Operation(summary = "Create a role; its code is unique in its namespace (default: \"default\")")
    public ApiResponse<RoleDto> createRole(@RequestBody CreateRoleRequest request) {
        String pool = pool();
        String code = Params.kindCode("role", "code", request.code());
        CreateRole command = toCommand(pool, code, request);
        dispatcher.send(command, ErrorCode.ROLE_NOT_FOUND);
        return Responses.ok(new RoleDto(command.roleId(), code, command.name() == null ? code : command.name(),
                command.description() == null ? "" : command.description(), namespaceCode(request.namespace()),
                null, RoleCommands.ENABLE, command.disableTime()));
    }

    @PostMapping("/create-roles-batch")
    @Operation(summary = "Create several roles atomically")
    public ApiResponse<IsSuccess> createRolesBatch(@RequestBody CreateRolesBatchRequest request) {
        String pool = pool();
        List<CreateRole> commands = new ArrayList<>();
        for (CreateRoleRequest entry : Params.list("list", request.list())) {
            commands.add(toCommand(pool, batchEntryCode(entry.code()), entry));
        }
        dispatcher.send(new CreateRolesBatch(pool, commands), ErrorCode.ROLE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/update-role")
    @Operation(summary = "Update a role; newCode renames it (\"\" = keep), status ENABLE or DISABLE")
    public ApiResponse<IsSuccess> updateRole(@RequestBody UpdateRoleRequest request) {
        String pool = pool();
        String newCode = request.newCode() == null || request.newCode().isEmpty() ? null
                : Params.kindCode("role", "newCode", request.newCode());
        if (request.status() != null && !RoleCommands.ENABLE.equals(request.status())
                && !RoleCommands.DISABLE.equals(request.status())) {
            throw ApiException.invalid("status", "ENABLE or DISABLE");
        }
        // Absent keeps the disable time; null (the SDK documents null as "never disabled") or "" removes it.
        JsonNode sentDisableTime = request.disableTime();
        boolean clearDisableTime = sentDisableTime != null && (sentDisableTime.isNull()
                || sentDisableTime.isTextual() && sentDisableTime.textValue().isBlank());
        Long disableTime = epochMillis("disableTime", sentDisableTime);
        String roleId = roleId(pool, namespaceId(pool, request.namespace()), request.code());
        dispatcher.send(new UpdateRole(roleId, pool, newCode, Params.text("name", request.name()),
                Params.text("description", request.description()), request.status(), disableTime,
                clearDisableTime), ErrorCode.ROLE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/delete-roles-batch")
    @Operation(summary = "Delete roles of a namespace by code; an unknown code deletes none")
    public ApiResponse<IsSuccess> deleteRolesBatch(@RequestBody DeleteRolesRequest request) {
        String pool = pool();
        List<String> codeList = Params.list("codeList", request.codeList());
        String namespaceId = namespaceId(pool, request.namespace());
        LinkedHashSet<String> roleIds = new LinkedHashSet<>();
        for (String code : codeList) {
            roleIds.add(roleId(pool, namespaceId, code));
        }
        dispatcher.send(new DeleteRoles(pool, List.copyOf(roleIds)), ErrorCode.ROLE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/assign-role")
    @Operation(summary = "Assign a role to users or departments, optionally between enableTime and endTime")
    public ApiResponse<IsSuccess> assignRole(@RequestBody AssignRoleRequest request) {
        String pool = pool();
        requiredCode(request.code());
        List<Target> targets = targets(request.targets());
        String roleId = roleId(pool, namespaceId(pool, request.namespace()), request.code());
        dispatcher.send(new AssignRole(roleId, pool, targets, request.enableTime(), request.endTime()),
                ErrorCode.ROLE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/revoke-role")
    @Operation(summary = "Revoke a role from users or departments; targets without it are ignored")
    public ApiResponse<IsSuccess> revokeRole(@RequestBody AssignRoleRequest request) {
        String pool = pool();
        requiredCode(request.code());
        List<Target> targets = targets(request.targets());
        String roleId = roleId(pool, namespaceId(pool, request.namespace()), request.code());
        dispatcher.send(new RevokeRole(roleId, pool, targets), ErrorCode.ROLE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/assign-role-batch")
    @Operation(summary = "Assign several roles to the same targets, all or nothing")
    public ApiResponse<IsSuccess> assignRoleBatch(@RequestBody RolesBatchTargetsRequest request) {
        String pool = pool();
        List<Target> targets = targets(request.targets());
        List<AssignRole> entries = new ArrayList<>();
        for (String roleId : roleIds(pool, request.roles())) {
            entries.add(new AssignRole(roleId, pool, targets, request.enableTime(), request.endTime()));
        }
        dispatcher.send(new AssignRolesBatch(pool, entries), ErrorCode.ROLE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/revoke-role-batch")
    @Operation(summary = "Revoke several roles from the same targets, all or nothing")
    public ApiResponse<IsSuccess> revokeRoleBatch(@RequestBody RolesBatchTargetsRequest request) {
        String pool = pool();
        List<Target> targets = targets(request.targets());
        List<RevokeRole> entries = new ArrayList<>();
        for (String roleId : roleIds(pool, request.roles())) {
            entries.add(new RevokeRole(roleId, pool, targets));
        }
        dispatcher.send(new RevokeRolesBatch(pool, entries), ErrorCode.ROLE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    private List<String> roleIds(String pool, List<RoleCodeRequest> roles) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (RoleCodeRequest role : Params.list("roles", roles)) {
            requiredCode(role.code());
            ids.add(roleId(pool, namespaceId(pool, role.namespace()), role.code()));
        }
        return List.copyOf(ids);
    }

    static List<Target> targets(List<TargetRequest> requests) {
        List<Target> targets = new ArrayList<>();
        for (TargetRequest target : Params.list("targets", requests)) {
            String type = target.targetType();
            if (!RoleCommands.USER.equals(type) && !RoleCommands.DEPARTMENT.equals(type)) {
                throw ApiException.invalid("targetType", "USER or DEPARTMENT");
            }
            targets.add(new Target(type, Params.required("targetIdentifier", target.targetIdentifier())));
        }
        return targets;
    }

    private static void requiredCode(String code) {
        if (code == null || code.isEmpty() || code.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("code");
        }
    }

    /** The namespace of a request: absent or "" means "default"; unknown is 权限组不存在. */
    private String namespaceId(String pool, String namespace) {
        return codes.idOf(NAMESPACE, pool, POOL_WIDE, namespaceCode(namespace))
                .orElseThrow(() -> new ApiException(ErrorCode.NAMESPACE_NOT_FOUND, null, "no namespace " + namespace));
    }

    private static String namespaceCode(String namespace) {
        return namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
    }

    private String roleId(String pool, String namespaceId, String code) {
        requiredCode(code);
        return codes.idOf(ROLE, pool, namespaceId, code)
                .orElseThrow(() -> new ApiException(ErrorCode.ROLE_NOT_FOUND, null, "no role " + code));
    }

    /** In a batch the SDK's specs expect other texts: an empty code, and no length format error. */
    private static String batchEntryCode(String code) {
        if (code == null || code.isEmpty()) {
            throw new ApiException(ErrorCode.ROLE_CODE_EMPTY);
        }
        if (code.length() > Params.MAX_CODE_LENGTH) {
            throw new ApiException(ErrorCode.INVALID_CODE, "role code: " + code);
        }
        return Params.kindCode("role", "code", code);
    }

    private CreateRole toCommand(String pool, String code, CreateRoleRequest request) {
        return new CreateRole(Ids.newId(), pool, namespaceId(pool, request.namespace()), code,
                Params.text("name", request.name()), Params.text("description", request.description()),
                epochMillis("disableTime", request.disableTime()));
    }

    /** Epoch milliseconds, sent as a number or a numeric string; absent, null or "" is none. */
    static Long epochMillis(String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            return epochMillis(name, value.textValue());
        }
        throw ApiException.invalid(name, "epoch milliseconds");
    }

    /** Epoch milliseconds, sent as a number or a numeric string; absent or "" is none. */
    static Long epochMillis(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "epoch milliseconds");
        }
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
