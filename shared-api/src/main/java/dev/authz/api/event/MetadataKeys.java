package dev.authz.api.event;

/** Keys of the metadata every stored event carries: who wrote it, from where, under which request. */
public final class MetadataKeys {
    public static final String POOL_ID = "poolId";
    public static final String REQUEST_ID = "requestId";
    public static final String CLIENT_IP = "clientIp";
    public static final String USER_AGENT = "userAgent";
    public static final String ACCESS_KEY_ID = "accessKeyId";
    public static final String OPERATION = "operation";
    /** The admin audit log entry ({@link AdminActionRecorded}) of the request that caused the event. */
    public static final String AUDIT_ENTRY_ID = "auditEntryId";

    private MetadataKeys() {
    }
}
