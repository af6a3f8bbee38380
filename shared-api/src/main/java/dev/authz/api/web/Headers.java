package dev.authz.api.web;

/** HTTP headers this API reads or writes beyond the SDK's signature headers. */
public final class Headers {
    /** Language of messages: zh-CN (default) or en-US. Sent by the SDK. */
    public static final String LANG = "x-authing-lang";
    /** Request id: taken from the client when present (and sane), generated otherwise, echoed on every response. Deliberately not an x-authing-* header: those are covered by the signature. */
    public static final String REQUEST_ID = "x-request-id";
    /**
     * Set to "false" (or "async") by bulk loaders: the write answers as soon as it is stored, without waiting
     * for the read models. Default: wait (read-your-writes).
     */
    public static final String WAIT_FOR_READ_MODEL = "x-authz-wait";
    /** On write responses: "applied" when the read models had the write, "pending" when the wait timed out. */
    public static final String CONSISTENCY = "x-authz-consistency";
    /** Set by the signature filter for downstream code; never trusted from the client. */
    public static final String POOL_ID_ATTRIBUTE = "authz.poolId";

    private Headers() {
    }
}
