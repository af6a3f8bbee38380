package dev.authz.command.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.UserProfile;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.IsSuccess;
import dev.authz.api.web.UserDto;
import dev.authz.command.Ids;
import dev.authz.command.consistency.CommandDispatcher;
import dev.authz.command.user.UserAccounts.Key;
import dev.authz.command.user.UserCommands.CreateUser;
import dev.authz.command.user.UserCommands.CreateUsersBatch;
import dev.authz.command.user.UserCommands.DeleteUsers;
import dev.authz.command.user.UserCommands.UpdateUser;
import dev.authz.command.user.UserRequests.CreateUsersBatchRequest;
import dev.authz.command.user.UserRequests.DeleteUsersRequest;
import dev.authz.command.user.UserRequests.UpdateUserTarget;
import dev.authz.command.user.UserRequests.UserIdOptions;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The user directory's write endpoints: what group membership needs. */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "users")
public class UserController {
    private final CommandDispatcher dispatcher;
    private final UserAccounts accounts;
    private final ObjectMapper json;

    public UserController(CommandDispatcher dispatcher, UserAccounts accounts, ObjectMapper json) {
        this.dispatcher = dispatcher;
        this.accounts = accounts;
        this.json = json;
    }

    @PostMapping("/create-user")
    @Operation(summary = "Create a user; username, email, phone and externalId are unique in the pool")
    public ApiResponse<UserDto> createUser(@RequestBody UserProfile profile) {
        CreateUser command = new CreateUser(Ids.newId(), pool(), UserProfiles.forCreate(profile));
        return Responses.ok(created(command, dispatcher.send(command, ErrorCode.USER_NOT_FOUND)));
    }

    @PostMapping("/create-users-batch")
    @Operation(summary = "Create several users atomically")
    public ApiResponse<List<UserDto>> createUsersBatch(@RequestBody CreateUsersBatchRequest request) {
        String pool = pool();
        List<CreateUser> commands = new ArrayList<>();
        Params.eachEntry("list", Params.list("list", request.list()), profile -> {
            // Checked here so that an error names its entry, before anything is sent.
            commands.add(new CreateUser(Ids.newId(), pool, UserProfiles.forCreate(profile)));
        });
        CommandDispatcher.Result<Object> result = dispatcher.send(new CreateUsersBatch(pool, commands),
                ErrorCode.USER_NOT_FOUND);
        return Responses.ok(commands.stream().map(command -> created(command, result)).toList());
    }

    @PostMapping("/update-user")
    @Operation(summary = "Update a user's profile; only the fields sent change")
    public ApiResponse<UserDto> updateUser(@RequestBody ObjectNode body) {
        String pool = pool();
        UpdateUserTarget target = bind(body, UpdateUserTarget.class);
        String userId = resolve(pool, Params.required("userId", target.userId()), target.options());
        UserProfile changes = bind(body, UserProfile.class);
        return Responses.ok(dispatcher.<UserDto>send(new UpdateUser(userId, pool, changes),
                ErrorCode.USER_NOT_FOUND).value());
    }

    @PostMapping("/delete-users-batch")
    @Operation(summary = "Delete users and their group memberships; unknown ids are ignored")
    public ApiResponse<IsSuccess> deleteUsersBatch(@RequestBody DeleteUsersRequest request) {
        String pool = pool();
        List<String> userIds = Params.list("userIds", request.userIds()).stream()
                .map(id -> find(pool, Params.required("userIds", id), request.options()))
                .flatMap(Optional::stream).distinct().toList();
        if (!userIds.isEmpty()) {
            dispatcher.send(new DeleteUsers(pool, userIds), ErrorCode.USER_NOT_FOUND);
        }
        return Responses.ok(IsSuccess.TRUE);
    }

    /** The command carries the finished profile (defaults applied), which is what the event recorded. */
    private static UserDto created(CreateUser command, CommandDispatcher.Result<?> result) {
        String at = result.timestampOf(command.userId()).toString();
        return UserDto.of(command.userId(), command.profile(), at, at, UserDto.Options.CUSTOM_DATA);
    }

    private String resolve(String pool, String userId, UserIdOptions options) {
        return find(pool, userId, options).orElseThrow(() -> new ApiException(ErrorCode.USER_NOT_FOUND, null, "no user " + userId));
    }

    private Optional<String> find(String pool, String value, UserIdOptions options) {
        return accounts.find(pool, keyOf(options), value);
    }

    /** userIdType: user_id (default), username, email, phone, external_id. */
    private static Key keyOf(UserIdOptions options) {
        String type = options == null || options.userIdType() == null ? "user_id" : options.userIdType();
        return switch (type.toLowerCase()) {
            case "user_id" -> null;
            case "username" -> Key.USERNAME;
            case "email" -> Key.EMAIL;
            case "phone" -> Key.PHONE;
            case "external_id" -> Key.EXTERNAL_ID;
            default -> throw ApiException.invalid("userIdType", "one of user_id, username, email, phone, external_id");
        };
    }

    /** Binds part of a body already parsed as a tree, reporting a wrong type under the field's name. */
    private <T> T bind(ObjectNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            throw ApiException.invalid(field, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("body", e.getOriginalMessage());
        }
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
