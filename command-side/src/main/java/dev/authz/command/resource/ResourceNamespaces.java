package dev.authz.command.resource;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.command.lookup.CodeRegistry;
import org.springframework.stereotype.Component;

import static dev.authz.command.lookup.CodeRegistry.Kind.NAMESPACE;
import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;

/** Namespace code → id for resource and authorization requests; no namespace means "default". */
@Component
public class ResourceNamespaces {
    public static final String DEFAULT_CODE = "default";
    private final CodeRegistry codes;

    public ResourceNamespaces(CodeRegistry codes) {
        this.codes = codes;
    }

    /** The namespace's code as the request meant it. */
    public static String codeOf(String requested) {
        return requested == null || requested.isEmpty() ? DEFAULT_CODE : requested;
    }

    /** @throws ApiException NAMESPACE_NOT_FOUND (权限组不存在) */
    public String idOf(String poolId, String requested) {
        return codes.idOf(NAMESPACE, poolId, POOL_WIDE, codeOf(requested))
                .orElseThrow(() -> new ApiException(ErrorCode.NAMESPACE_NOT_FOUND));
    }
}
