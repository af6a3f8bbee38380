package dev.authz.api.error;

/**
 * Every error kind the API answers with: the envelope's {@code statusCode}, a stable numeric {@code apiCode}
 * clients can switch on, and the message in zh-CN (default) and en-US. Messages may carry one argument
 * ({0}), usually the offending parameter's name; the zh-CN texts are the ones the official SDK's specs match.
 */
public enum ErrorCode {
    INVALID_PARAMETER(400, 40001, "参数 {0} 格式错误", "Invalid parameter {0}"),
    /** listUsers / listArchivedUsers: the SDK's specs expect exactly "limit must less than 50". */
    LIMIT_TOO_LARGE(400, 40003, "limit must less than {0}", "limit must less than {0}"),
    MALFORMED_REQUEST(400, 40002, "请求体不是合法的 JSON: {0}", "Request body is not valid JSON: {0}"),
    PAYLOAD_TOO_LARGE(413, 41301, "请求体过大", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, 41501, "请求体必须为 application/json", "Request body must be application/json"),
    UNAUTHORIZED(401, 40101, "签名校验失败: {0}", "Signature verification failed: {0}"),
    NOT_FOUND(404, 40400, "接口不存在: {0}", "No such endpoint: {0}"),
    GROUP_NOT_FOUND(404, 40401, "分组不存在", "Group does not exist"),
    USER_NOT_FOUND(404, 40402, "用户不存在", "User does not exist"),
    NAMESPACE_NOT_FOUND(404, 40403, "权限组不存在", "Namespace does not exist"),
    GROUP_CODE_EXISTS(409, 40901, "分组标识符已存在: {0}", "Group code already exists: {0}"),
    USER_EXISTS(409, 40902, "用户已存在: {0}", "User already exists: {0}"),
    /** Texts in English in both languages: they are what the SDK's user specs match, exactly. */
    USER_IDENTIFIER_REQUIRED(400, 40004, "Must contain one of the following fields: username, phone, email",
            "Must contain one of the following fields: username, phone, email"),
    PHONE_REQUIRED(400, 40005, "phone cannot be empty", "phone cannot be empty"),
    CUSTOM_DATA_TOO_LONG(400, 40006, "customData must be less than 1024 characters",
            "customData must be less than 1024 characters"),
    ROLE_NOT_FOUND(404, 40404, "角色不存在", "Role does not exist"),
    RESOURCE_NOT_FOUND(404, 40405, "资源不存在", "Resource does not exist"),
    DEPARTMENT_NOT_FOUND(404, 40406, "部门不存在", "Department does not exist"),
    /** The SDK's specs match these English texts exactly, in both languages. */
    NAMESPACE_NOT_EXISTS(404, 40407, "namespace not exists", "namespace not exists"),
    ORGANIZATION_NOT_FOUND(404, 40408, "organization not found for code: {0}",
            "organization not found for code: {0}"),
    GROUP_NOT_FOUND_BY_CODE(404, 40409, "group not exists with code: {0}", "group not exists with code: {0}"),
    INVALID_DEPARTMENT_ID(404, 40410, "存在不合法的 departmentId: {0}", "Invalid departmentId: {0}"),
    /** "invalid role code: 额! ": the argument is "<kind> code: <code>", as the SDK's specs expect. */
    INVALID_CODE(400, 40007, "invalid {0}", "invalid {0}"),
    ROLE_CODE_EMPTY(400, 40008, "role code must not empty", "role code must not empty"),
    NAMESPACE_NAME_EMPTY(400, 40009, "namespace name must not be empty", "namespace name must not be empty"),
    NAMESPACE_CODE_EXISTS(409, 40904, "权限分组标识符已存在: {0}", "Namespace code already exists: {0}"),
    ROLE_CODE_EXISTS(409, 40905, "角色标识符已存在: {0}", "Role code already exists: {0}"),
    RESOURCE_CODE_EXISTS(409, 40906, "资源标识符已存在: {0}", "Resource code already exists: {0}"),
    ORGANIZATION_CODE_EXISTS(409, 40907, "组织标识符已存在: {0}", "Organization code already exists: {0}"),
    DEPARTMENT_CODE_EXISTS(409, 40908, "部门标识符已存在: {0}", "Department code already exists: {0}"),
    /** Time travel: the entity exists (or existed) but not at the instant asked for. */
    NOT_EXISTING_AT(404, 40470, "该时间点不存在: {0}", "Did not exist at that instant: {0}"),
    /** The SDK documents key, dataType and encrypted of a custom field as fixed once set. */
    CUSTOM_FIELD_FIXED(400, 40050, "自定义字段设置之后不能修改: {0}", "A custom field cannot change this once set: {0}"),
    CONCURRENT_MODIFICATION(409, 40903, "并发修改冲突，请重试", "Concurrent modification, please retry"),
    METHOD_NOT_ALLOWED(405, 40501, "不支持的请求方法", "Method not allowed"),
    UNAVAILABLE(503, 50301, "服务暂不可用，请稍后重试", "Service temporarily unavailable, please retry"),
    INTERNAL_ERROR(500, 50001, "服务器内部错误", "Internal server error");

    private final int statusCode;
    private final int apiCode;
    private final String zhCn;
    private final String enUs;

    ErrorCode(int statusCode, int apiCode, String zhCn, String enUs) {
        this.statusCode = statusCode;
        this.apiCode = apiCode;
        this.zhCn = zhCn;
        this.enUs = enUs;
    }

    public int statusCode() {
        return statusCode;
    }

    public int apiCode() {
        return apiCode;
    }

    /**
     * The HTTP status: like Authing, business and parameter errors travel as HTTP 200 with the error in the
     * envelope (the SDK only reads the envelope; axios would throw on a 4xx); errors about the request as a
     * whole (unauthenticated, unparseable, too large, no such endpoint) use the HTTP status itself.
     */
    public int httpStatus() {
        return switch (this) {
            case UNAUTHORIZED, MALFORMED_REQUEST, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, NOT_FOUND,
                 METHOD_NOT_ALLOWED, UNAVAILABLE, INTERNAL_ERROR -> statusCode;
            default -> 200;
        };
    }

    /** The message for a language tag ("en-US" or anything starting with "en" gives English, else zh-CN). */
    public String message(String lang, String argument) {
        String template = lang != null && lang.toLowerCase().startsWith("en") ? enUs : zhCn;
        if (argument == null) {
            String text = template.replace("{0}", "");
            return text.endsWith(": ") ? text.substring(0, text.length() - 2) : text;
        }
        return template.replace("{0}", argument); // an empty argument stays visible: "...for code: "
    }
}
