package dev.authz.query.namespace;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.NamespaceDto;
import dev.authz.api.web.Page;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.QueryArrays;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Namespace (权限分组) reads. */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "namespaces")
public class NamespaceController {
    private final NamespaceQueries queries;

    public NamespaceController(NamespaceQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/get-namespace")
    @Operation(summary = "A namespace by code")
    public ApiResponse<NamespaceDto> getNamespace(@RequestParam(required = false) String code) {
        if (code == null || code.isEmpty() || code.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("code");
        }
        return Responses.ok(queries.byCode(pool(), code).map(NamespaceQueries::toDto)
                .orElseThrow(() -> new ApiException(ErrorCode.NAMESPACE_NOT_EXISTS)));
    }

    @GetMapping("/get-namespaces-batch")
    @Parameter(in = ParameterIn.QUERY, name = "codeList", required = true, description = "key[]=a&key[]=b, key=a,b or repeated key=",
            array = @ArraySchema(schema = @Schema(type = "string")))
    @Operation(summary = "Namespaces by code; unknown codes are left out")
    public ApiResponse<List<NamespaceDto>> getNamespacesBatch(HttpServletRequest request) {
        return Responses.ok(queries.batch(pool(), Params.list("codeList", QueryArrays.of(request, "codeList"))));
    }

    @GetMapping("/list-namespaces")
    @Operation(summary = "Namespaces of the pool, newest first")
    public ApiResponse<Page<NamespaceQueries.ListedNamespace>> listNamespaces(
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String keywords) {
        return Responses.ok(queries.page(pool(), keywords, Params.page(page), Params.limit(limit)));
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
