package dev.authz.api.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One entry of the admin audit log: a signed write request and its outcome. Every write request that passed
 * the signature check produces exactly one: an accepted write records it in the same transaction as the
 * events it caused (so log and data cannot disagree), a rejected one after the rollback with the reason.
 * The entry is its own stream ({@code aggregateId} = {@code entryId}, sequence 0).
 *
 * @param adminUserId    who wrote: the access key id that signed the request (the user pool's key)
 * @param operation      the API operation, e.g. {@code create-group}
 * @param operationType  the SDK's {@code AdminAuditLogDto.operationType}: create, update, delete, add, remove
 * @param resourceType   the SDK's {@code AdminAuditLogDto.resourceType}: userGroup, user, role, roleAssign,
 *                       resourceNamespace, resource, policy, org
 * @param apiCode        failures only: the envelope's apiCode
 * @param reason         failures only: the envelope's message (and detail)
 * @param operationParam the request body as JSON, secret-looking fields removed, cut at a few KB
 * @param before         JSON of the target's state before the write (single-target writes on an existing entity)
 * @param after          JSON of the target's state after the write; or the events it appended
 *                       ({@code [{type, aggregateId, data}]}) when there is no single target (batches) or the
 *                       change is not part of the target's state (members, role assignments)
 * @param changes        every event the write appended, in order; empty when it changed nothing
 */
@EventType(name = "AdminActionRecorded")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdminActionRecorded(String poolId, String entryId, String adminUserId, String requestId,
                                  String clientIp, String userAgent, String operation, String operationType,
                                  String resourceType, boolean success, Integer apiCode, String reason,
                                  String operationParam, String before, String after, List<Change> changes)
        implements DomainEvent {

    public static final String AGGREGATE_TYPE = "adminAudit";

    /** One event appended by the audited write. */
    public record Change(String type, String aggregateId) {
    }

    @Override
    public String aggregateId() {
        return entryId;
    }

    @Override
    public String aggregateType() {
        return AGGREGATE_TYPE;
    }

    /** The same entry completed with what its unit of work appended. */
    public AdminActionRecorded withChanges(List<Change> appended, String afterValue) {
        return new AdminActionRecorded(poolId, entryId, adminUserId, requestId, clientIp, userAgent, operation,
                operationType, resourceType, success, apiCode, reason, operationParam, before, afterValue,
                List.copyOf(appended));
    }
}
