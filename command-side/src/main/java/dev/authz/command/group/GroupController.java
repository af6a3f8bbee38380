package dev.authz.command.group;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.GroupDto;
import dev.authz.api.web.IsSuccess;
import dev.authz.command.Ids;
import dev.authz.command.consistency.CommandDispatcher;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.group.GroupCommands.AddGroupMembers;
import dev.authz.command.group.GroupCommands.CreateGroup;
import dev.authz.command.group.GroupCommands.CreateGroupsBatch;
import dev.authz.command.group.GroupCommands.DeleteGroups;
import dev.authz.command.group.GroupCommands.RemoveGroupMembers;
import dev.authz.command.group.GroupCommands.UpdateGroup;
import dev.authz.command.group.GroupRequests.CreateGroupRequest;
import dev.authz.command.group.GroupRequests.CreateGroupsBatchRequest;
import dev.authz.command.group.GroupRequests.CreateOrUpdateResult;
import dev.authz.command.group.GroupRequests.DeleteGroupsRequest;
import dev.authz.command.group.GroupRequests.GroupMembersRequest;
import dev.authz.command.group.GroupRequests.UpdateGroupRequest;
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
import java.util.Objects;
import java.util.Optional;

/** The group write endpoints of the v3 management API. Every code is looked up in the signing pool. */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "groups")
public class GroupController {
    private final CommandDispatcher dispatcher;
    private final CodeRegistry codes;

    public GroupController(CommandDispatcher dispatcher, CodeRegistry codes) {
        this.dispatcher = dispatcher;
        this.codes = codes;
    }

    @PostMapping("/create-group")
    @Operation(summary = "Create a group; its code is unique in the user pool")
    public ApiResponse<GroupDto> createGroup(@RequestBody CreateGroupRequest request) {
        CreateGroup command = toCommand(pool(), request);
        dispatcher.send(command, ErrorCode.GROUP_NOT_FOUND);
        return Responses.ok(dto(command));
    }

    @PostMapping("/create-groups-batch")
    @Operation(summary = "Create several groups atomically: one bad or taken code creates none")
    public ApiResponse<List<GroupDto>> createGroupsBatch(@RequestBody CreateGroupsBatchRequest request) {
        String pool = pool();
        List<CreateGroupRequest> entries = Params.list("list", request.list());
        List<CreateGroup> commands = new ArrayList<>();
        Params.eachEntry("list", entries, entry -> commands.add(toCommand(pool, entry)));
        dispatcher.send(new CreateGroupsBatch(pool, commands), ErrorCode.GROUP_NOT_FOUND);
        return Responses.ok(commands.stream().map(GroupController::dto).toList());
    }

    @PostMapping("/create-or-update-group")
    @Operation(summary = "Create the group, or update it when the code exists")
    public ApiResponse<CreateOrUpdateResult> createOrUpdateGroup(@RequestBody CreateGroupRequest request) {
        String pool = pool();
        CreateGroup create = toCommand(pool, request);
        Optional<String> existing = groupIdOf(pool, create.code());
        if (existing.isEmpty()) {
            try {
                dispatcher.send(create, ErrorCode.GROUP_NOT_FOUND);
                return Responses.ok(new CreateOrUpdateResult(true, dto(create)));
            } catch (ApiException e) {
                if (e.code() != ErrorCode.GROUP_CODE_EXISTS) {
                    throw e;
                }
                existing = groupIdOf(pool, create.code()); // created concurrently: update it
            }
        }
        String groupId = existing.orElseThrow(() -> new ApiException(ErrorCode.GROUP_NOT_FOUND));
        GroupDto updated = dispatcher.<GroupDto>send(new UpdateGroup(groupId, pool, null, create.name(),
                create.description(), create.customData()), ErrorCode.GROUP_NOT_FOUND).value();
        return Responses.ok(new CreateOrUpdateResult(false, updated));
    }

    @PostMapping("/update-group")
    @Operation(summary = "Update a group; newCode renames it (the old code becomes free)")
    public ApiResponse<GroupDto> updateGroup(@RequestBody UpdateGroupRequest request) {
        String pool = pool();
        String groupId = groupId(pool, request.code());
        String newCode = request.newCode() == null ? null : Params.code("newCode", request.newCode());
        UpdateGroup command = new UpdateGroup(groupId, pool, newCode, Params.text("name", request.name()),
                Params.text("description", request.description()), request.customData());
        return Responses.ok(dispatcher.<GroupDto>send(command, ErrorCode.GROUP_NOT_FOUND).value());
    }

    @PostMapping("/delete-groups-batch")
    @Operation(summary = "Delete groups by code; codes that do not exist are ignored")
    public ApiResponse<IsSuccess> deleteGroupsBatch(@RequestBody DeleteGroupsRequest request) {
        String pool = pool();
        List<String> groupIds = Params.codes("codeList", request.codeList()).stream()
                .map(code -> groupIdOf(pool, code)).flatMap(Optional::stream).toList();
        if (!groupIds.isEmpty()) {
            dispatcher.send(new DeleteGroups(pool, groupIds), ErrorCode.GROUP_NOT_FOUND);
        }
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/add-group-members")
    @Operation(summary = "Add users to a group; an unknown user id adds nobody")
    public ApiResponse<IsSuccess> addGroupMembers(@RequestBody GroupMembersRequest request) {
        return changeMembers(request, AddGroupMembers::new);
    }

    @PostMapping("/remove-group-members")
    @Operation(summary = "Remove users from a group")
    public ApiResponse<IsSuccess> removeGroupMembers(@RequestBody GroupMembersRequest request) {
        return changeMembers(request, RemoveGroupMembers::new);
    }

    /** The SDK's specs check code, then userIds, then whether the group exists. */
    private ApiResponse<IsSuccess> changeMembers(GroupMembersRequest request, MembershipCommand command) {
        String pool = pool();
        Params.code("code", request.code());
        List<String> userIds = Params.ids("userIds", request.userIds());
        dispatcher.send(command.of(groupId(pool, request.code()), pool, userIds), ErrorCode.GROUP_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    private interface MembershipCommand {
        Object of(String groupId, String poolId, List<String> userIds);
    }

    private Optional<String> groupIdOf(String pool, String code) {
        return codes.idOf(CodeRegistry.Kind.GROUP, pool, CodeRegistry.POOL_WIDE, code);
    }

    private String groupId(String pool, String code) {
        return groupIdOf(pool, Params.code("code", code))
                .orElseThrow(() -> new ApiException(ErrorCode.GROUP_NOT_FOUND));
    }

    private static CreateGroup toCommand(String pool, CreateGroupRequest request) {
        return new CreateGroup(Ids.newId(), pool, Params.code("code", request.code()),
                Params.required("name", request.name()),
                Objects.requireNonNullElse(Params.text("description", request.description()), ""),
                Params.text("type", request.type()), request.customData());
    }

    private static GroupDto dto(CreateGroup command) {
        return GroupDto.of(command.groupId(), command.code(), command.name(), command.description(), command.type());
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
