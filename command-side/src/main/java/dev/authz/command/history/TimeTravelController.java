package dev.authz.command.history;

import dev.authz.api.authorization.PermissionRules;
import dev.authz.api.authorization.PermissionRules.Filter;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.AuthorizedResourceDto;
import dev.authz.api.web.GroupAsOfDto;
import dev.authz.api.web.Page;
import dev.authz.api.web.RoleAsOfDto;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.lookup.CodeRegistry.Kind;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

import static dev.authz.command.history.HistoryController.NAMESPACE;
import static dev.authz.command.history.HistoryController.pool;

/**
 * Time travel: state as it was at an instant, folded from stored events (ADR 0006). Codes resolve as of the
 * instant: an entity renamed later is found by the code it had then, and by its current code too.
 */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "history")
public class TimeTravelController {
    static final String CODE_THEN = "Its code at that instant, or its current code";
    static final String AT = "The instant: ISO-8601 (2024-05-01T12:00:00Z or with an offset) or epoch "
            + "milliseconds; not in the future";

    private final TimeTravel timeTravel;

    public TimeTravelController(TimeTravel timeTravel) {
        this.timeTravel = timeTravel;
    }

    record ActionAllowed(boolean allowed) {
    }

    @GetMapping("/get-group-as-of")
    @Operation(summary = "A group as it was at an instant: code, name, description, deleted or not, and its "
            + "members then (count and paged ids)")
    public ApiResponse<GroupAsOfDto> getGroupAsOf(
            @Parameter(description = CODE_THEN) @RequestParam(required = false) String code,
            @Parameter(description = AT) @RequestParam(required = false) String at,
            @ParameterObject HistoryParams params) {
        String checkedCode = Params.required("code", code);
        Instant instant = at(at);
        int page = params.pageNumber();
        int limit = params.pageSize();
        GroupState group = timeTravel.asOf(Subject.GROUP, Kind.GROUP, pool(), List.of(CodeRegistry.POOL_WIDE),
                checkedCode, params.aggregateId(), instant, GroupState::new);
        return Responses.ok(group.dto(instant, timeTravel.membersOf(group, instant, page, limit)));
    }

    @GetMapping("/get-role-as-of")
    @Operation(summary = "A role as it was at an instant (code, name, description, status) and the assignments "
            + "that counted then: USER and DEPARTMENT targets, a time-bounded one only inside its window")
    public ApiResponse<RoleAsOfDto> getRoleAsOf(
            @Parameter(description = CODE_THEN) @RequestParam(required = false) String code,
            @Parameter(description = NAMESPACE) @RequestParam(required = false) String namespace,
            @Parameter(description = AT) @RequestParam(required = false) String at,
            @ParameterObject HistoryParams params) {
        String pool = pool();
        String checkedCode = Params.required("code", code);
        Instant instant = at(at);
        int page = params.pageNumber();
        int limit = params.pageSize();
        String namespaceId = timeTravel.namespaceIdAsOf(pool, namespace, instant);
        RoleState role = timeTravel.asOf(Subject.ROLE, Kind.ROLE, pool, List.of(namespaceId), checkedCode,
                params.aggregateId(), instant, RoleState::new);
        return Responses.ok(role.dto(instant, timeTravel.assignmentsOf(role, instant, page, limit)));
    }

    @GetMapping("/get-user-authorized-resources-as-of")
    @Operation(summary = "Everything granted to a user at an instant (directly, through groups, departments, "
            + "roles and departments' roles), as get-user-authorized-resources answered then; folds the stored "
            + "events of the user and of every group, department and role ever linked to it, so its cost follows "
            + "the user's history, not the size of the store")
    public ApiResponse<Page<AuthorizedResourceDto>> getUserAuthorizedResourcesAsOf(
            @Parameter(description = "The user's id") @RequestParam(required = false) String userId,
            @Parameter(description = AT) @RequestParam(required = false) String at,
            @Parameter(description = NAMESPACE) @RequestParam(required = false) String namespace,
            @Parameter(description = "Only this resource type: DATA, API, MENU, BUTTON or UI")
            @RequestParam(required = false) String resourceType) {
        String user = Params.required("userId", userId);
        Instant instant = at(at);
        Filter filter = new Filter(PermissionRules.resourceTypeFilter(resourceType), null, false);
        PermissionsAsOf permissions = permissions(user, namespace, instant);
        timeTravel.describeGrantedResources(pool(), instant, permissions);
        List<AuthorizedResourceDto> list = permissions.authorizedResources(instant.toEpochMilli(), filter);
        return Responses.ok(new Page<>(list.size(), list));
    }

    @GetMapping("/is-action-allowed-as-of")
    @Operation(summary = "Whether the user could do the action on the resource at an instant (a matching DENY "
            + "wins), as is-action-allowed answered then")
    public ApiResponse<ActionAllowed> isActionAllowedAsOf(
            @Parameter(description = "The user's id") @RequestParam(required = false) String userId,
            @Parameter(description = "The resource code") @RequestParam(required = false) String resource,
            @Parameter(description = "The action, e.g. read") @RequestParam(required = false) String action,
            @Parameter(description = AT) @RequestParam(required = false) String at,
            @Parameter(description = NAMESPACE) @RequestParam(required = false) String namespace) {
        String user = Params.required("userId", userId);
        String checkedResource = Params.required("resource", resource);
        String checkedAction = Params.required("action", action);
        Instant instant = at(at);
        return Responses.ok(new ActionAllowed(permissions(user, namespace, instant)
                .isAllowed(instant.toEpochMilli(), checkedAction, checkedResource)));
    }

    private PermissionsAsOf permissions(String userId, String namespace, Instant at) {
        String pool = pool();
        return timeTravel.permissions(pool, userId, timeTravel.namespaceIdAsOf(pool, namespace, at), at);
    }

    private Instant at(String at) {
        return Instants.at(at, Instant.now());
    }
}
