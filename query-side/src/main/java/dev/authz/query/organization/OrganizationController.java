package dev.authz.query.organization;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.DepartmentDto;
import dev.authz.api.web.OrganizationDto;
import dev.authz.api.web.Page;
import dev.authz.api.web.UserDto;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import dev.authz.query.directory.UserIdType;
import dev.authz.query.directory.UserQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Organization and department reads. */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "organizations")
public class OrganizationController {
    private final OrganizationQueries queries;
    private final UserQueries users;

    public OrganizationController(OrganizationQueries queries, UserQueries users) {
        this.queries = queries;
        this.users = users;
    }

    record IsUserInDepartment(boolean inDepartment) {
    }

    record SearchDepartmentsRequest(String keywords, String organizationCode, Boolean withCustomData) {
    }

    @GetMapping("/list-organizations")
    @Operation(summary = "Organizations of the pool, oldest first; fetchAll ignores paging")
    public ApiResponse<Page<OrganizationDto>> listOrganizations(@RequestParam(required = false) Integer page,
                                                               @RequestParam(required = false) Integer limit,
                                                               @RequestParam(defaultValue = "false") boolean fetchAll) {
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        return Responses.ok(queries.organizations(pool(), null, checkedPage, checkedLimit, fetchAll));
    }

    @GetMapping("/search-organizations")
    @Operation(summary = "Organizations whose name or code contains the keywords")
    public ApiResponse<Page<OrganizationDto>> searchOrganizations(@RequestParam(required = false) String keywords,
                                                                 @RequestParam(required = false) Integer page,
                                                                 @RequestParam(required = false) Integer limit) {
        if (keywords == null || keywords.isEmpty()) {
            throw ApiException.invalid("keywords");
        }
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        return Responses.ok(queries.organizations(pool(), Params.text("keywords", keywords), checkedPage,
                checkedLimit, false));
    }

    @GetMapping("/get-department")
    @Operation(summary = "A department by id (or by code with departmentIdType=code)")
    public ApiResponse<DepartmentDto> getDepartment(@RequestParam(required = false) String organizationCode,
                                                    @RequestParam(required = false) String departmentId,
                                                    @RequestParam(required = false) String departmentCode,
                                                    @RequestParam(required = false) String departmentIdType) {
        Document org = queries.organization(pool(), organizationCode);
        Document department = departmentId == null && departmentCode != null
                ? queries.department(org, departmentCode, "code")
                : queries.department(org, departmentId, departmentIdType);
        return Responses.ok(queries.toDto(department));
    }

    @GetMapping("/list-children-departments")
    @Operation(summary = "The departments directly below a department")
    public ApiResponse<Page<DepartmentDto>> listChildrenDepartments(
            @RequestParam(required = false) String organizationCode, @RequestParam(required = false) String departmentId,
            @RequestParam(required = false) String departmentIdType) {
        return Responses.ok(queries.children(department(organizationCode, departmentId, departmentIdType)));
    }

    @GetMapping("/get-parent-department")
    @Operation(summary = "The parent of a department (null for a root department)")
    public ApiResponse<DepartmentDto> getParentDepartment(@RequestParam(required = false) String organizationCode,
                                                          @RequestParam(required = false) String departmentId,
                                                          @RequestParam(required = false) String departmentIdType) {
        return Responses.ok(queries.parent(department(organizationCode, departmentId, departmentIdType)));
    }

    @GetMapping("/list-department-members")
    @Operation(summary = "Members of a department (and its children with includeChildrenDepartments)")
    public ApiResponse<Page<UserDto>> listDepartmentMembers(
            @RequestParam(required = false) String organizationCode, @RequestParam(required = false) String departmentId,
            @RequestParam(required = false) String departmentIdType,
            @RequestParam(defaultValue = "false") boolean includeChildrenDepartments,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit,
            @RequestParam(defaultValue = "false") boolean withCustomData,
            @RequestParam(defaultValue = "false") boolean withIdentities,
            @RequestParam(defaultValue = "false") boolean withDepartmentIds) {
        Document department = department(organizationCode, departmentId, departmentIdType);
        return Responses.ok(queries.members(pool(), queries.scope(department, includeChildrenDepartments),
                Params.page(page), Params.limit(limit),
                new UserDto.Options(withCustomData, withIdentities, withDepartmentIds)));
    }

    @GetMapping("/list-department-member-ids")
    @Operation(summary = "Ids of a department's members")
    public ApiResponse<List<String>> listDepartmentMemberIds(@RequestParam(required = false) String organizationCode,
                                                             @RequestParam(required = false) String departmentId,
                                                             @RequestParam(required = false) String departmentIdType) {
        Document department = department(organizationCode, departmentId, departmentIdType);
        return Responses.ok(queries.memberIds(List.of(department.getString("_id"))));
    }

    @GetMapping("/is-user-in-department")
    @Operation(summary = "Whether a user is a member; an unknown user is simply not")
    public ApiResponse<IsUserInDepartment> isUserInDepartment(
            @RequestParam(required = false) String userId, @RequestParam(required = false) String organizationCode,
            @RequestParam(required = false) String departmentId, @RequestParam(required = false) String departmentIdType,
            @RequestParam(defaultValue = "false") boolean includeChildrenDepartments) {
        Document department = department(organizationCode, departmentId, departmentIdType);
        if (userId == null || userId.isEmpty()) {
            throw ApiException.invalid("userId");
        }
        return Responses.ok(new IsUserInDepartment(
                queries.isMember(queries.scope(department, includeChildrenDepartments), userId)));
    }

    @GetMapping("/search-department-members")
    @Operation(summary = "Members whose username, name, email, phone or nickname contains the keywords")
    public ApiResponse<Page<UserDto>> searchDepartmentMembers(
            @RequestParam(required = false) String organizationCode, @RequestParam(required = false) String departmentId,
            @RequestParam(required = false) String departmentIdType, @RequestParam(required = false) String keywords,
            @RequestParam(defaultValue = "false") boolean includeChildrenDepartments,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit,
            @RequestParam(defaultValue = "false") boolean withCustomData,
            @RequestParam(defaultValue = "false") boolean withIdentities,
            @RequestParam(defaultValue = "false") boolean withDepartmentIds) {
        Document department = department(organizationCode, departmentId, departmentIdType);
        String checked = Params.required("keywords", keywords);
        return Responses.ok(queries.searchMembers(pool(), queries.scope(department, includeChildrenDepartments),
                checked, Params.page(page), Params.limit(limit),
                new UserDto.Options(withCustomData, withIdentities, withDepartmentIds)));
    }

    @PostMapping("/search-departments")
    @Operation(summary = "Departments of an organization whose name or code contains the keywords")
    public ApiResponse<List<DepartmentDto>> searchDepartments(@RequestBody SearchDepartmentsRequest request) {
        Document org = queries.organization(pool(), request.organizationCode());
        return Responses.ok(queries.search(org, Params.required("keywords", request.keywords())));
    }

    @GetMapping("/get-user-departments")
    @Operation(summary = "The departments a user belongs to")
    public ApiResponse<Page<Map<String, Object>>> getUserDepartments(
            @RequestParam(required = false) String userId, @RequestParam(required = false) String userIdType,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit) {
        if (userId == null || userId.isEmpty()) {
            throw ApiException.invalid("userId");
        }
        UserIdType type = UserIdType.parse(userIdType);
        if (userId.isBlank()) {
            throw new ApiException(ErrorCode.USER_NOT_FOUND); // the SDK's spec: " " names nobody, not a format error
        }
        Document user = users.require(pool(), type, userId);
        return Responses.ok(queries.departmentsOf(pool(), user.getString("_id"), Params.page(page),
                Params.limit(limit)));
    }

    private Document department(String organizationCode, String departmentId, String departmentIdType) {
        return queries.department(queries.organization(pool(), organizationCode), departmentId, departmentIdType);
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
