package dev.authz.query.group;

import dev.authz.api.web.GroupDto;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Page;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import dev.authz.api.web.UserDto;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The SDK's group read endpoints. */
@RestController
@RequestMapping("/api/v3")
public class GroupController {
    private final GroupQueries queries;

    public GroupController(GroupQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "A group by code")
    @GetMapping("/get-group")
    public ApiResponse<GroupDto> getGroup(@RequestParam(required = false) String code,
                                          @RequestParam(defaultValue = "false") boolean withCustomData) {
        return Responses.ok(queries.get(poolId(), Params.required("code", code), withCustomData));
    }

    @Operation(summary = "Groups of the pool, newest first, a page at a time; keywords matches code or name")
    @GetMapping("/list-groups")
    public ApiResponse<Page<GroupDto>> listGroups(@RequestParam(required = false) String keywords,
                                                  @RequestParam(required = false) Integer page,
                                                  @RequestParam(required = false) Integer limit,
                                                  @RequestParam(defaultValue = "false") boolean withCustomData) {
        return Responses.ok(queries.page(poolId(), Params.text("keywords", keywords), Params.page(page),
                Params.limit(limit), withCustomData));
    }

    @Operation(summary = "Every group of the pool, optionally with its members")
    @GetMapping("/get-all-groups")
    public ApiResponse<List<GroupDto>> getAllGroups(@RequestParam(defaultValue = "false") boolean fetchMembers,
                                                    @RequestParam(defaultValue = "false") boolean withCustomData) {
        return Responses.ok(queries.all(poolId(), fetchMembers, withCustomData));
    }

    @Operation(summary = "The members of a group, a page at a time, in the order they were added")
    @GetMapping("/list-group-members")
    public ApiResponse<Page<UserDto>> listGroupMembers(@RequestParam(required = false) String code,
                                                       @RequestParam(required = false) Integer page,
                                                       @RequestParam(required = false) Integer limit,
                                                       @RequestParam(defaultValue = "false") boolean withCustomData,
                                                       @RequestParam(defaultValue = "false") boolean withIdentities,
                                                       @RequestParam(defaultValue = "false") boolean withDepartmentIds) {
        String checkedCode = Params.required("code", code);
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        return Responses.ok(queries.members(poolId(), checkedCode, checkedPage, checkedLimit,
                new UserDto.Options(withCustomData, withIdentities, withDepartmentIds)));
    }

    private static String poolId() {
        return RequestContext.current().poolId();
    }
}
