package dev.authz.query.authorization;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.ResourceAction;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.Page;
import dev.authz.api.web.ResourceDto;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.QueryArrays;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import dev.authz.query.namespace.NamespaceQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/** Resource (资源) reads, within the request's namespace (default when absent). */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "resources")
public class ResourceController {
    private final PermissionQueries permissions;
    private final NamespaceQueries namespaces;
    private final AuthorizationCollections collections;

    public ResourceController(PermissionQueries permissions, NamespaceQueries namespaces,
                              AuthorizationCollections collections) {
        this.permissions = permissions;
        this.namespaces = namespaces;
        this.collections = collections;
    }

    @GetMapping("/get-resource")
    @Operation(summary = "A resource by code; an empty or unknown code is 资源不存在")
    public ApiResponse<ResourceDto> getResource(@RequestParam(required = false) String code,
                                                @RequestParam(required = false) String namespace) {
        String pool = pool();
        String namespaceId = namespaceId(pool, namespace);
        if (code == null || code.isEmpty()) {
            throw new ApiException(ErrorCode.RESOURCE_NOT_FOUND);
        }
        return Responses.ok(permissions.resource(pool, namespaceId, code).map(r -> toDto(r, namespace))
                .orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_NOT_FOUND)));
    }

    @GetMapping("/get-resources-batch")
    @Parameter(in = ParameterIn.QUERY, name = "codeList", required = true, description = "key[]=a&key[]=b, key=a,b or repeated key=",
            array = @ArraySchema(schema = @Schema(type = "string")))
    @Operation(summary = "Resources by code; unknown codes are left out")
    public ApiResponse<List<ResourceDto>> getResourcesBatch(HttpServletRequest request,
                                                            @RequestParam(required = false) String namespace) {
        String pool = pool();
        List<String> codes = Params.list("codeList", QueryArrays.of(request, "codeList"));
        String namespaceId = namespaceId(pool, namespace);
        List<ResourceDto> found = new ArrayList<>();
        codes.stream().distinct().forEach(code -> permissions.resource(pool, namespaceId, code)
                .ifPresent(r -> found.add(toDto(r, namespace))));
        return Responses.ok(found);
    }

    @GetMapping("/list-resources")
    @Operation(summary = "Resources of a namespace, newest first")
    public ApiResponse<Page<ResourceDto>> listResources(@RequestParam(required = false) String namespace,
                                                        @RequestParam(required = false) String type,
                                                        @RequestParam(required = false) Integer page,
                                                        @RequestParam(required = false) Integer limit) {
        String pool = pool();
        int checkedPage = Params.page(page);
        int checkedLimit = Params.limit(limit);
        Bson filter = Filters.and(Filters.eq("poolId", pool), Filters.eq("namespaceId", namespaceId(pool, namespace)));
        if (type != null && !type.isEmpty()) {
            filter = Filters.and(filter, Filters.eq("type", type));
        }
        List<ResourceDto> list = new ArrayList<>();
        collections.resources().find(filter)
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id")))
                .skip((checkedPage - 1) * checkedLimit).limit(checkedLimit)
                .forEach(resource -> list.add(toDto(resource, namespace)));
        return Responses.ok(new Page<>(collections.resources().countDocuments(filter), list));
    }

    private String namespaceId(String pool, String namespace) {
        return namespaces.idOf(pool, namespace).orElseThrow(() -> new ApiException(ErrorCode.NAMESPACE_NOT_FOUND));
    }

    private static ResourceDto toDto(Document resource, String namespace) {
        List<ResourceAction> actions = resource.getList("actions", Document.class, List.of()).stream()
                .map(a -> new ResourceAction(a.getString("name"), a.getString("description"))).toList();
        return new ResourceDto(resource.getString("code"), resource.getString("description"),
                resource.getString("name"), resource.getString("type"), actions, resource.getString("apiIdentifier"),
                namespace == null || namespace.isBlank() ? NamespaceQueries.DEFAULT_CODE : namespace, false);
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
