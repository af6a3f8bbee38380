package dev.authz.query.directory;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
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
import dev.authz.api.web.IsUserExists;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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

    @Operation(summary = "A user by id, or by username, email, phone or external id (userIdType)")
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
    @Operation(summary = "Several users by id (or by the identifier userIdType names), in one call")
    @GetMapping("/get-user-batch")
    @Parameter(in = ParameterIn.QUERY, name = "userIds", required = true, description = "key[]=a&key[]=b, key=a,b or repeated key=",
            array = @ArraySchema(schema = @Schema(type = "string")))
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

    @Operation(summary = "Users of the pool, a page at a time, optionally filtered by keywords and by advanced filters")
    @PostMapping("/list-users")
    public ApiResponse<Page<UserDto>> listUsers(@RequestBody(required = false) ListUsersRequest body) {
        ListUsersRequest request = body == null ? new ListUsersRequest(null, null, null, null, null, null) : body;
        PageRequest page = PageRequest.of(request.pagination().page(), request.pagination().limit());
        return Responses.ok(queries.list(poolId(), request, page.page(), page.limit()));
    }

    /**
     * Users archived by an administrator. Nothing here archives users (there is no such operation), so the page
     * is always empty; its parameters are checked as list-users checks them. {@code startAt}: Unix seconds.
     */
    @Operation(summary = "Users archived by an administrator (nothing archives users here: always an empty page)")
    @GetMapping("/list-archived-users")
    public ApiResponse<Page<ArchivedUser>> listArchivedUsers(@RequestParam(required = false) Integer page,
                                                       @RequestParam(required = false) Integer limit,
                                                       @RequestParam(required = false) Long startAt) {
        PageRequest.of(page, limit); // checked, though no page has anything
        if (startAt != null && startAt < 0) {
            throw ApiException.invalid("startAt");
        }
        return Responses.ok(new Page<>(0, List.of()));
    }

    /** Whether a user holds any of the identifiers given (username, email, phone, externalId). */
    @Operation(summary = "Whether a user holds any of the given username, email, phone or external id")
    @PostMapping("/is-user-exists")
    public ApiResponse<IsUserExists> isUserExists(@RequestBody(required = false) IsUserExistsRequest body) {
        Map<UserIdType, String> identifiers = new EnumMap<>(UserIdType.class);
        if (body != null) {
            putIfGiven(identifiers, UserIdType.USERNAME, "username", body.username());
            putIfGiven(identifiers, UserIdType.EMAIL, "email", body.email());
            putIfGiven(identifiers, UserIdType.PHONE, "phone", body.phone());
            putIfGiven(identifiers, UserIdType.EXTERNAL_ID, "externalId", body.externalId());
        }
        if (identifiers.isEmpty()) {
            throw ApiException.invalid("username, email, phone, externalId");
        }
        return Responses.ok(new IsUserExists(queries.anyExists(poolId(), identifiers)));
    }

    /** ListArchivedUsersRespDto. */
    public record ArchivedUser(String userId, String archivedAt) {
    }

    /** IsUserExistsReqDto. */
    public record IsUserExistsRequest(String username, String email, String phone, String externalId) {
    }

    /**
     * page and limit of the user lists: below 1 is malformed (参数 page/limit 格式错误); a limit between
     * {@link Params#MAX_LIMIT} and {@link #MAX_SANE_LIMIT} is "limit must less than 50", as the SDK's specs expect.
     */
    record PageRequest(int page, int limit) {
        static PageRequest of(Integer page, Integer limit) {
            int checkedPage = page == null ? 1 : page;
            if (checkedPage < 1) {
                throw ApiException.invalid("page");
            }
            int checkedLimit = limit == null ? Params.DEFAULT_LIMIT : limit;
            if (checkedLimit < 1 || checkedLimit > MAX_SANE_LIMIT) {
                throw ApiException.invalid("limit");
            }
            if (checkedLimit > Params.MAX_LIMIT) {
                throw new ApiException(ErrorCode.LIMIT_TOO_LARGE, String.valueOf(Params.MAX_LIMIT));
            }
            return new PageRequest(checkedPage, checkedLimit);
        }
    }

    private static void putIfGiven(Map<UserIdType, String> identifiers, UserIdType type, String name, String value) {
        if (value != null && !value.isEmpty()) {
            // No identifier is longer than free text may be, or holds control characters.
            identifiers.put(type, Params.text(name, value));
        }
    }

    @Operation(summary = "The groups a user belongs to")
    @GetMapping("/get-user-groups")
    public ApiResponse<Page<GroupDto>> getUserGroups(@RequestParam(required = false) String userId,
                                                     @RequestParam(required = false) String userIdType) {
        return Responses.ok(queries.groupsOf(poolId(), UserIdType.parse(userIdType), userId));
    }

    private static String poolId() {
        return RequestContext.current().poolId();
    }
}
