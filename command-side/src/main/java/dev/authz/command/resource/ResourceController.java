package dev.authz.command.resource;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.event.ResourceAction;
import dev.authz.api.event.ResourceUpdated;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.IsSuccess;
import dev.authz.api.web.ResourceDto;
import dev.authz.command.Ids;
import dev.authz.command.consistency.CommandDispatcher;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.resource.ResourceCommands.CreateResource;
import dev.authz.command.resource.ResourceCommands.CreateResourcesBatch;
import dev.authz.command.resource.ResourceCommands.DeleteResources;
import dev.authz.command.resource.ResourceCommands.UpdateResource;
import dev.authz.kit.web.Params;
import dev.authz.kit.web.RequestContext;
import dev.authz.kit.web.Responses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.authz.command.lookup.CodeRegistry.Kind.RESOURCE;

/** The resource (资源) write endpoints. Codes are looked up in the request's namespace of the signing pool. */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "resources")
public class ResourceController {
    private final CommandDispatcher dispatcher;
    private final CodeRegistry codes;
    private final ResourceNamespaces namespaces;

    public ResourceController(CommandDispatcher dispatcher, CodeRegistry codes, ResourceNamespaces namespaces) {
        this.dispatcher = dispatcher;
        this.codes = codes;
        this.namespaces = namespaces;
    }

    record ResourceRequest(String code, String type, String name, String description, List<ResourceAction> actions,
                           String apiIdentifier, String namespace) {
    }

    record ResourcesBatchRequest(List<ResourceRequest> list, String namespace) {
    }

    record DeleteResourceRequest(String code, String namespace) {
    }

    record DeleteResourcesRequest(String namespace, List<String> codeList, List<String> ids) {
    }

    @PostMapping("/create-resource")
    @Operation(summary = "Create a resource; its code is unique in the namespace")
    public ApiResponse<ResourceDto> createResource(@RequestBody ResourceRequest request) {
        String pool = pool();
        String code = Params.kindCode("resource", "code", request.code());
        CreateResource command = toCommand(pool, namespaces.idOf(pool, request.namespace()), code, request);
        dispatcher.send(command, ErrorCode.RESOURCE_NOT_FOUND);
        return Responses.ok(new ResourceDto(command.code(), command.description(), command.name(), command.type(),
                command.actions(), command.apiIdentifier(), ResourceNamespaces.codeOf(request.namespace()), false));
    }

    @PostMapping("/create-resources-batch")
    @Operation(summary = "Create several resources atomically: one bad or taken code creates none")
    public ApiResponse<IsSuccess> createResourcesBatch(@RequestBody ResourcesBatchRequest request) {
        String pool = pool();
        List<ResourceRequest> entries = Params.list("list", request.list());
        String namespaceId = namespaces.idOf(pool, request.namespace());
        List<CreateResource> commands = new ArrayList<>();
        for (ResourceRequest entry : entries) {
            if (entry == null) {
                throw ApiException.invalid("list", "null entry");
            }
            commands.add(toCommand(pool, namespaceId, batchEntryCode(entry.code()), entry));
        }
        dispatcher.send(new CreateResourcesBatch(pool, commands), ErrorCode.RESOURCE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/update-resource")
    @Operation(summary = "Update a resource's name, description, type, actions or API identifier")
    public ApiResponse<ResourceDto> updateResource(@RequestBody ResourceRequest request) {
        String pool = pool();
        String resourceId = resourceIdOf(pool, namespaces.idOf(pool, request.namespace()), request.code())
                .orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_NOT_FOUND));
        UpdateResource command = new UpdateResource(resourceId, pool, Params.text("name", request.name()),
                Params.text("description", request.description()),
                request.type() == null ? null : ResourceTypes.require("type", request.type()),
                request.actions() == null ? null : ResourceTypes.actions(request.actions()),
                Params.text("apiIdentifier", request.apiIdentifier()));
        ResourceUpdated updated = dispatcher.<ResourceUpdated>send(command, ErrorCode.RESOURCE_NOT_FOUND).value();
        return Responses.ok(new ResourceDto(updated.code(), updated.description(), updated.name(), updated.type(),
                updated.actions(), updated.apiIdentifier(), ResourceNamespaces.codeOf(request.namespace()), false));
    }

    @PostMapping("/delete-resource")
    @Operation(summary = "Delete a resource; a code that does not exist is ignored")
    public ApiResponse<IsSuccess> deleteResource(@RequestBody DeleteResourceRequest request) {
        String pool = pool();
        if (request.code() != null && request.code().length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("code", "longer than " + Params.MAX_CODE_LENGTH + " characters");
        }
        delete(pool, resourceIdOf(pool, namespaces.idOf(pool, request.namespace()), request.code()).stream().toList());
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/delete-resources-batch")
    @Operation(summary = "Delete resources by code (or id); codes that do not exist are ignored")
    public ApiResponse<IsSuccess> deleteResourcesBatch(@RequestBody DeleteResourcesRequest request) {
        String pool = pool();
        if (request.codeList() == null && request.ids() == null) {
            throw ApiException.invalid("codeList", "codeList or ids required");
        }
        String namespaceId = namespaces.idOf(pool, request.namespace());
        Set<String> resourceIds = new LinkedHashSet<>();
        if (request.codeList() != null) {
            Params.list("codeList", request.codeList())
                    .forEach(code -> resourceIdOf(pool, namespaceId, code).ifPresent(resourceIds::add));
        }
        if (request.ids() != null) {
            resourceIds.addAll(Params.ids("ids", request.ids()));
        }
        delete(pool, List.copyOf(resourceIds));
        return Responses.ok(IsSuccess.TRUE);
    }

    private void delete(String pool, List<String> resourceIds) {
        if (!resourceIds.isEmpty()) {
            dispatcher.send(new DeleteResources(pool, resourceIds), ErrorCode.RESOURCE_NOT_FOUND);
        }
    }

    private Optional<String> resourceIdOf(String pool, String namespaceId, String code) {
        if (code == null || code.isEmpty() || code.length() > Params.MAX_CODE_LENGTH) {
            return Optional.empty();
        }
        return codes.idOf(RESOURCE, pool, namespaceId, code);
    }

    /** In a batch the SDK's specs expect no length format error: a too-long code is an invalid code. */
    private static String batchEntryCode(String code) {
        if (code != null && code.length() > Params.MAX_CODE_LENGTH) {
            throw new ApiException(ErrorCode.INVALID_CODE, "resource code: " + code);
        }
        return Params.kindCode("resource", "code", code);
    }

    private static CreateResource toCommand(String pool, String namespaceId, String code, ResourceRequest request) {
        return new CreateResource(Ids.newId(), pool, namespaceId, code, Params.text("name", request.name()),
                Params.text("description", request.description()), ResourceTypes.require("type", request.type()),
                ResourceTypes.actions(request.actions()), Params.text("apiIdentifier", request.apiIdentifier()));
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
