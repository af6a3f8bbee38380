package dev.authz.query.audit;

import dev.authz.api.error.ApiException;
import dev.authz.api.web.AdminAuditLogDto;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Page;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;

/** The admin audit log of the signing pool (获取管理员操作日志). */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "audit")
public class AuditController {
    /** The SDK's AdminAuditLogDto.operationType values; {@code all} filters nothing. */
    static final Set<String> OPERATION_TYPES = Set.of("all", "create", "delete", "import", "export", "update",
            "refresh", "sync", "invite", "resign", "recover", "disable", "enable", "activate", "deactivate", "add",
            "remove", "query", "sendInvitation", "revertInvitation", "approval", "reject");
    /** The SDK's AdminAuditLogDto.resourceType values; {@code all} filters nothing. */
    static final Set<String> RESOURCE_TYPES = Set.of("all", "user", "userpool", "tenant", "userLoginState",
            "userAccountState", "userGroup", "fieldEncryptState", "syncTask", "socialConnection",
            "enterpriseConnection", "customDatabase", "org", "cooperator", "application", "resourceNamespace",
            "resource", "role", "roleAssign", "policy", "customDomain", "permitSpace", "generalResource",
            "generalResourceAuthorization", "roleSubject", "subjectOfRole", "dataResource", "dataPolicy",
            "authorization", "userAuthorization", "adminPermissionRole", "adminPermissionAdmin",
            "adminPermissionPolicy", "universalInvitation", "policyInvitation", "invitationRoster", "invitationUser",
            "invitationPolicy", "applicant");

    /** GetAdminAuditLogsDto. */
    public record GetAdminAuditLogsRequest(String requestId, String clientIp, String operationType,
                                           String resourceType, String userId, Boolean success, Long start,
                                           Long end, Pagination pagination) {
    }

    /** ListWebhooksDto: {@code page} from 1, {@code limit} at most 50, 10 by default. */
    public record Pagination(Integer page, Integer limit) {
    }

    private final AuditQueries queries;

    public AuditController(AuditQueries queries) {
        this.queries = queries;
    }

    @PostMapping("/get-admin-audit-logs")
    @Operation(summary = "Admin audit log entries of the pool, newest first, filtered by request id, client IP, "
            + "operation type, resource type, admin user id, success and time range (epoch ms, inclusive)")
    public ApiResponse<Page<AdminAuditLogDto>> getAdminAuditLogs(
            @RequestBody(required = false) GetAdminAuditLogsRequest body) {
        GetAdminAuditLogsRequest request = body == null
                ? new GetAdminAuditLogsRequest(null, null, null, null, null, null, null, null, null) : body;
        Pagination pagination = request.pagination() == null ? new Pagination(null, null) : request.pagination();
        AuditQueries.Filter filter = new AuditQueries.Filter(text("requestId", request.requestId()),
                text("clientIp", request.clientIp()), oneOf("operationType", request.operationType(), OPERATION_TYPES),
                oneOf("resourceType", request.resourceType(), RESOURCE_TYPES), text("userId", request.userId()),
                request.success(), time("start", request.start()), time("end", request.end()));
        return Responses.ok(queries.page(RequestContext.current().poolId(), filter, Params.page(pagination.page()),
                Params.limit(pagination.limit())));
    }

    /** Blank means "any". */
    private static String text(String name, String value) {
        return value == null || value.isBlank() ? null : Params.text(name, value);
    }

    private static String oneOf(String name, String value, Set<String> allowed) {
        String given = text(name, value);
        if (given != null && !allowed.contains(given)) {
            throw ApiException.invalid(name, "unknown " + name + ": " + given);
        }
        return "all".equals(given) ? null : given;
    }

    private static Long time(String name, Long millis) {
        if (millis != null && millis < 0) {
            throw ApiException.invalid(name, "a timestamp in milliseconds since 1970");
        }
        return millis;
    }
}
