package dev.authz.command.organization;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.DepartmentDto;
import dev.authz.api.web.IsSuccess;
import dev.authz.api.web.OrganizationDto;
import dev.authz.command.Ids;
import dev.authz.command.consistency.CommandDispatcher;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.organization.OrganizationCommands.AddDepartmentMembers;
import dev.authz.command.organization.OrganizationCommands.CreateDepartment;
import dev.authz.command.organization.OrganizationCommands.CreateOrganization;
import dev.authz.command.organization.OrganizationCommands.DeleteDepartment;
import dev.authz.command.organization.OrganizationCommands.DeleteOrganization;
import dev.authz.command.organization.OrganizationCommands.DepartmentState;
import dev.authz.command.organization.OrganizationCommands.OrganizationState;
import dev.authz.command.organization.OrganizationCommands.RemoveDepartmentMembers;
import dev.authz.command.organization.OrganizationCommands.SetUserDepartments;
import dev.authz.command.organization.OrganizationCommands.UpdateDepartment;
import dev.authz.command.organization.OrganizationCommands.UpdateOrganization;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dev.authz.command.lookup.CodeRegistry.Kind.DEPARTMENT;
import static dev.authz.command.lookup.CodeRegistry.Kind.ORGANIZATION;
import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;

/**
 * Organization and department writes. The organization code of a department request is checked the way
 * the SDK's specs expect: longer than 64 characters is "参数 organizationCode 格式错误", anything else
 * unknown (even "" or " ") is "organization not found for code: &lt;code&gt;", and it is checked before
 * anything else of the department.
 */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "organizations")
public class OrganizationController {
    private final CommandDispatcher dispatcher;
    private final CodeRegistry codes;
    private final DepartmentTree tree;

    public OrganizationController(CommandDispatcher dispatcher, CodeRegistry codes, DepartmentTree tree) {
        this.dispatcher = dispatcher;
        this.codes = codes;
        this.tree = tree;
    }

    record CreateOrganizationRequest(String organizationCode, String organizationName, String description) {
    }

    record UpdateOrganizationRequest(String organizationCode, String organizationNewCode, String organizationName,
                                     String description) {
    }

    record DeleteOrganizationRequest(String organizationCode) {
    }

    record CreateDepartmentRequest(String organizationCode, String name, String parentDepartmentId, String code,
                                   String description, String departmentIdType) {
    }

    record UpdateDepartmentRequest(String organizationCode, String departmentId, String departmentIdType,
                                   String code, String name, String description, String parentDepartmentId) {
    }

    record DepartmentRequest(String organizationCode, String departmentId, String departmentIdType) {
    }

    record DepartmentMembersRequest(String organizationCode, String departmentId, String departmentIdType,
                                    List<String> userIds) {
    }

    record UserDepartmentRequest(String departmentId, Boolean isLeader, Boolean isMainDepartment) {
    }

    record SetUserDepartmentsRequest(String userId, List<UserDepartmentRequest> departments) {
    }

    @PostMapping("/create-organization")
    @Operation(summary = "Create an organization and its root department; an empty code gets a generated one")
    public ApiResponse<OrganizationDto> createOrganization(@RequestBody CreateOrganizationRequest request) {
        String pool = pool();
        String organizationId = Ids.newId();
        String code = request.organizationCode() == null || request.organizationCode().isEmpty() ? organizationId
                : Params.kindCode("organization", "organizationCode", request.organizationCode());
        String name = Params.required("organizationName", request.organizationName());
        String description = Objects.requireNonNullElse(Params.text("description", request.description()), "");
        CreateOrganization command = new CreateOrganization(organizationId, pool, code, name, description,
                Ids.newId());
        var result = dispatcher.<OrganizationState>send(command, ErrorCode.ORGANIZATION_NOT_FOUND);
        return Responses.ok(dto(result.value(), result.timestampOf(organizationId)));
    }

    @PostMapping("/update-organization")
    @Operation(summary = "Update an organization; organizationNewCode renames it")
    public ApiResponse<OrganizationDto> updateOrganization(@RequestBody UpdateOrganizationRequest request) {
        String pool = pool();
        String newCode = request.organizationNewCode() == null || request.organizationNewCode().isEmpty() ? null
                : Params.kindCode("organization", "organizationNewCode", request.organizationNewCode());
        String organizationId = existingOrganization(pool, request.organizationCode());
        var result = dispatcher.<OrganizationState>send(new UpdateOrganization(organizationId, pool, newCode,
                        Params.text("organizationName", request.organizationName()),
                        Params.text("description", request.description())), ErrorCode.ORGANIZATION_NOT_FOUND);
        return Responses.ok(dto(result.value(), result.timestampOf(organizationId)));
    }

    @PostMapping("/delete-organization")
    @Operation(summary = "Delete an organization with all its departments")
    public ApiResponse<IsSuccess> deleteOrganization(@RequestBody DeleteOrganizationRequest request) {
        String pool = pool();
        String organizationId = existingOrganization(pool, request.organizationCode());
        dispatcher.send(new DeleteOrganization(pool, organizationId), ErrorCode.ORGANIZATION_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/create-department")
    @Operation(summary = "Create a department under a department of the organization")
    public ApiResponse<DepartmentDto> createDepartment(@RequestBody CreateDepartmentRequest request) {
        String pool = pool();
        String organizationCode = request.organizationCode() == null ? "" : request.organizationCode();
        if (organizationCode.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("organizationCode");
        }
        if (!organizationCode.isEmpty() && organizationCode.isBlank()) {
            // The SDK's createDepartment spec expects exactly "invalid organization code  " here.
            throw new ApiException(ErrorCode.INVALID_CODE, "organization code " + organizationCode);
        }
        String organizationId = organization(pool, organizationCode);
        String name = Params.required("name", request.name());
        String parentId = Params.required("parentDepartmentId", request.parentDepartmentId());
        String parent = department(pool, organizationId, parentId, request.departmentIdType());
        String code = request.code() == null || request.code().isEmpty() ? null
                : Params.kindCode("organization", "code", request.code());
        CreateDepartment command = new CreateDepartment(Ids.newId(), pool, organizationId, parent, code, name,
                Objects.requireNonNullElse(Params.text("description", request.description()), ""));
        var result = dispatcher.send(command, ErrorCode.DEPARTMENT_NOT_FOUND);
        String at = result.timestampOf(command.departmentId()).toString();
        return Responses.ok(new DepartmentDto(organizationCode, command.departmentId(), at, at, name,
                command.description(), parent, code, null, 0, false, false, List.of(), true));
    }

    @PostMapping("/update-department")
    @Operation(summary = "Update a department (the root one too); parentDepartmentId moves it")
    public ApiResponse<DepartmentDto> updateDepartment(@RequestBody UpdateDepartmentRequest request) {
        String pool = pool();
        String organizationId = organization(pool, request.organizationCode());
        String code = request.code() == null || request.code().isEmpty() ? null
                : Params.kindCode("organization", "code", request.code());
        String departmentId = department(pool, organizationId, request.departmentId(), request.departmentIdType());
        String parent = request.parentDepartmentId() == null || request.parentDepartmentId().isEmpty() ? null
                : department(pool, organizationId, request.parentDepartmentId(), request.departmentIdType());
        var result = dispatcher.<DepartmentState>send(new UpdateDepartment(departmentId, pool, code,
                Params.text("name", request.name()), Params.text("description", request.description()), parent),
                ErrorCode.DEPARTMENT_NOT_FOUND);
        DepartmentState state = result.value();
        String at = result.timestampOf(departmentId).toString();
        return Responses.ok(new DepartmentDto(request.organizationCode(), departmentId, null, at, state.name(),
                state.description(), state.parentDepartmentId(), state.code(), null, 0, false, false, List.of(),
                true));
    }

    @PostMapping("/delete-department")
    @Operation(summary = "Delete a department and everything below it; its code becomes free")
    public ApiResponse<IsSuccess> deleteDepartment(@RequestBody DepartmentRequest request) {
        String pool = pool();
        String organizationId = organization(pool, request.organizationCode());
        String departmentId = department(pool, organizationId, request.departmentId(), request.departmentIdType());
        dispatcher.send(new DeleteDepartment(pool, departmentId), ErrorCode.DEPARTMENT_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/add-department-members")
    @Operation(summary = "Add users to a department; ids that name no user are ignored")
    public ApiResponse<IsSuccess> addDepartmentMembers(@RequestBody DepartmentMembersRequest request) {
        String pool = pool();
        String organizationId = organization(pool, request.organizationCode());
        List<String> userIds = Params.list("userIds", request.userIds());
        String departmentId = department(pool, organizationId, request.departmentId(), request.departmentIdType());
        dispatcher.send(new AddDepartmentMembers(departmentId, pool, distinct(userIds)), ErrorCode.DEPARTMENT_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/remove-department-members")
    @Operation(summary = "Remove users from a department")
    public ApiResponse<IsSuccess> removeDepartmentMembers(@RequestBody DepartmentMembersRequest request) {
        String pool = pool();
        String organizationId = organization(pool, request.organizationCode());
        List<String> userIds = Params.list("userIds", request.userIds());
        String departmentId = department(pool, organizationId, request.departmentId(), request.departmentIdType());
        dispatcher.send(new RemoveDepartmentMembers(departmentId, pool, distinct(userIds)),
                ErrorCode.DEPARTMENT_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/set-user-departments")
    @Operation(summary = "Put a user in exactly these departments")
    public ApiResponse<IsSuccess> setUserDepartments(@RequestBody SetUserDepartmentsRequest request) {
        String pool = pool();
        if (request.userId() == null || request.userId().isEmpty()) {
            throw ApiException.invalid("userId");
        }
        List<String> departmentIds = new ArrayList<>();
        for (UserDepartmentRequest entry : Params.list("departments", request.departments())) {
            departmentIds.add(entry.departmentId() == null ? "" : entry.departmentId());
        }
        dispatcher.send(new SetUserDepartments(pool, request.userId(), departmentIds), ErrorCode.USER_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    private static List<String> distinct(List<String> ids) {
        return ids.stream().filter(Objects::nonNull).distinct().toList();
    }

    /** Organization endpoints: "" is a format error, unknown is "organization not found for code: c". */
    private String existingOrganization(String pool, String code) {
        if (code == null || code.isEmpty() || code.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("organizationCode");
        }
        return organization(pool, code);
    }

    /** Department endpoints: too long is a format error; anything else unknown is 404 with the code. */
    private String organization(String pool, String code) {
        String given = code == null ? "" : code;
        if (given.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("organizationCode");
        }
        return codes.idOf(ORGANIZATION, pool, POOL_WIDE, given)
                .orElseThrow(() -> new ApiException(ErrorCode.ORGANIZATION_NOT_FOUND, given));
    }

    /** A department of the organization by id (departmentIdType department_id, the default) or by code. */
    private String department(String pool, String organizationId, String id, String idType) {
        if (id == null || id.isEmpty()) {
            throw ApiException.invalid("departmentId");
        }
        String type = idType == null || idType.isEmpty() ? "department_id" : idType;
        java.util.Optional<String> found = switch (type) {
            case "department_id" -> tree.find(pool, id).filter(node -> node.organizationId().equals(organizationId))
                    .map(DepartmentTree.Node::departmentId);
            case "code" -> codes.idOf(DEPARTMENT, pool, organizationId, id);
            default -> throw ApiException.invalid("departmentIdType", "department_id or code");
        };
        return found.orElseThrow(() -> new ApiException(ErrorCode.DEPARTMENT_NOT_FOUND, null, "no department " + id));
    }

    private static OrganizationDto dto(OrganizationState state, Instant at) {
        return new OrganizationDto(state.code(), state.name(), state.description(), at.toString(), at.toString(),
                state.rootDepartmentId(), false, List.of(), 0, false, "ENABLE");
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
