package dev.authz.api.error;

/**
 * A business or validation error that becomes an error envelope; never a 500. {@code argument} fills the
 * message template (usually a parameter name); {@code detail} is appended for humans (which entry, why).
 */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String argument;
    private final String detail;

    public ApiException(ErrorCode code, String argument, String detail) {
        super(code.name() + (argument == null ? "" : " " + argument) + (detail == null ? "" : ": " + detail));
        this.code = code;
        this.argument = argument;
        this.detail = detail;
    }

    public ApiException(ErrorCode code, String argument) {
        this(code, argument, null);
    }

    public ApiException(ErrorCode code) {
        this(code, null, null);
    }

    public static ApiException invalid(String parameter) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, parameter, null);
    }

    public static ApiException invalid(String parameter, String detail) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, parameter, detail);
    }

    public ErrorCode code() {
        return code;
    }

    public String argument() {
        return argument;
    }

    public String detail() {
        return detail;
    }

    /** The envelope message in the caller's language. */
    public String message(String lang) {
        String base = code.message(lang, argument);
        return detail == null ? base : base + " (" + detail + ")";
    }
}
