package dev.authz.query.directory;

import dev.authz.api.web.UserDto;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Page;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.QueryArrays;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import dev.authz.api.web.GroupDto;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The SDK's user read endpoints. Parameter errors carry no detail: the SDK's user specs compare whole messages. */
@RestController
@RequestMapping("/api/v3")
public class UserController {
    /** Beyond this, a limit is malformed; between {@link Params#MAX_LIMIT} and this, it is just too large. */
    static final int MAX_SANE_LIMIT = 1000;

    private final UserQueries queries;

    public UserController(UserQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/get-user")
    public ApiResponse<UserDto> getUser(@RequestParam(required = false) String userId,
                                        @RequestParam(required = false) String userIdType,
                                        @RequestParam(defaultValue = "false") boolean withCustomData,
                                        @RequestParam(defaultValue = "false") boolean withIdentities,
                                        @RequestParam(defaultValue = "false") boolean withDepartmentIds) {
        UserIdType type = UserIdType.parse(userIdType);
        return Responses.ok(queries.get(poolId(), type, userId,
                new UserDto.Options(withCustomData, withIdentities, withDepartmentIds)));
    }

    /** userIds arrives axios-style (userIds[]=a&userIds[]=b) or as userIds=a,b. */
    @GetMapping("/get-user-batch")
    public ApiResponse<List<UserDto>> getUserBatch(HttpServletRequest request,
                                                   @RequestParam(required = false) String userIdType,
                                                   @RequestParam(defaultValue = "false") boolean withCustomData,
                                                   @RequestParam(defaultValue = "false") boolean withIdentities,
                                                   @RequestParam(defaultValue = "false") boolean withDepartmentIds) {
        List<String> userIds = QueryArrays.of(request, "userIds").stream().map(String::trim)
                .filter(id -> !id.isEmpty()).toList();
        if (userIds.isEmpty()) {
            throw ApiException.invalid("userIds");
        }
        UserIdType type = UserIdType.parse(userIdType);
        return Responses.ok(queries.batch(poolId(), type, Params.list("userIds", userIds),
                new UserDto.Options(withCustomData, withIdentities, withDepartmentIds)));
    }

    @PostMapping("/list-users")
    public ApiResponse<Page<UserDto>> listUsers(@RequestBody(required = false) ListUsersRequest body) {
        ListUsersRequest request = body == null ? new ListUsersRequest(null, null, null, null, null, null) : body;
        ListUsersRequest.Pagination pagination = request.pagination();
        int page = pagination.page() == null ? 1 : pagination.page();
        if (page < 1) {
            throw ApiException.invalid("page");
        }
        int limit = pagination.limit() == null ? Params.DEFAULT_LIMIT : pagination.limit();
        if (limit < 1 || limit > MAX_SANE_LIMIT) {
            throw ApiException.invalid("limit");
        }
        if (limit > Params.MAX_LIMIT) {
            throw new ApiException(ErrorCode.LIMIT_TOO_LARGE, String.valueOf(Params.MAX_LIMIT));
        }
        return Responses.ok(queries.list(poolId(), request, page, limit));
    }

    @GetMapping("/get-user-groups")
    public ApiResponse<Page<GroupDto>> getUserGroups(@RequestParam(required = false) String userId,
                                                     @RequestParam(required = false) String userIdType) {
        return Responses.ok(queries.groupsOf(poolId(), UserIdType.parse(userIdType), userId));
    }

    private static String poolId() {
        return RequestContext.current().poolId();
    }
}
