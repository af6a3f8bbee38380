package dev.authz.api.web;

/**
 * AdminAuditLogDto of the SDK: one admin audit log entry. {@code geoip} is always null (no GeoIP database
 * ships with this server). Beyond the SDK's fields: {@code id} (the entry), {@code operation} (the API
 * operation, e.g. {@code create-group}) and {@code apiCode} (failures only).
 *
 * @param adminUserDisplayName the access key id: an access key has no nickname, username, email or phone
 * @param eventDetails         success: the events the write appended ({@code GroupCreated x2}) or
 *                             {@code no change}; failure: the reason the client was given
 * @param originValue          JSON of the target before the write
 * @param targetValue          JSON of the target after the write, or of the events a multi-entity write appended
 * @param timestamp            ISO-8601 UTC, millisecond precision
 */
public record AdminAuditLogDto(String id, String adminUserId, String adminUserAvatar, String adminUserDisplayName,
                               String clientIp, String operationType, String resourceType, String operation,
                               String eventDetails, String operationParam, String originValue,
                               String targetValue, boolean success, Integer apiCode, String userAgent,
                               ParsedUserAgent ua, Object geoip, String timestamp, String requestId) {

    /** ParsedUserAgent of the SDK. */
    public record ParsedUserAgent(String device, String name, String os) {
    }
}
