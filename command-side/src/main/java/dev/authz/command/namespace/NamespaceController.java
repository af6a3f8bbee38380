package dev.authz.command.namespace;

import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.ApiResponse;
import dev.authz.api.web.IsSuccess;
import dev.authz.api.web.NamespaceDto;
import dev.authz.command.Ids;
import dev.authz.command.consistency.CommandDispatcher;
import dev.authz.command.lookup.CodeRegistry;
import dev.authz.command.namespace.NamespaceCommands.CreateNamespace;
import dev.authz.command.namespace.NamespaceCommands.CreateNamespacesBatch;
import dev.authz.command.namespace.NamespaceCommands.DeleteNamespaces;
import dev.authz.command.namespace.NamespaceCommands.UpdateNamespace;
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
import java.util.List;
import java.util.Optional;

import static dev.authz.command.lookup.CodeRegistry.Kind.NAMESPACE;
import static dev.authz.command.lookup.CodeRegistry.POOL_WIDE;

/** The namespace (权限分组) write endpoints. */
@RestController
@RequestMapping("/api/v3")
@Tag(name = "namespaces")
public class NamespaceController {
    private final CommandDispatcher dispatcher;
    private final CodeRegistry codes;

    public NamespaceController(CommandDispatcher dispatcher, CodeRegistry codes) {
        this.dispatcher = dispatcher;
        this.codes = codes;
    }

    record NamespaceRequest(String code, String name, String description) {
    }

    record NamespacesBatchRequest(List<NamespaceRequest> list) {
    }

    record UpdateNamespaceRequest(String code, String newCode, String name, String description) {
    }

    record DeleteNamespaceRequest(String code) {
    }

    record DeleteNamespacesRequest(List<String> codeList) {
    }

    @PostMapping("/create-namespace")
    @Operation(summary = "Create a namespace; its code is unique in the user pool")
    public ApiResponse<NamespaceDto> createNamespace(@RequestBody NamespaceRequest request) {
        CreateNamespace command = toCommand(pool(), Params.kindCode("namespace", "code", request.code()), request);
        dispatcher.send(command, ErrorCode.NAMESPACE_NOT_FOUND);
        return Responses.ok(new NamespaceDto(command.code(), command.name(), command.description()));
    }

    @PostMapping("/create-namespaces-batch")
    @Operation(summary = "Create several namespaces atomically")
    public ApiResponse<IsSuccess> createNamespacesBatch(@RequestBody NamespacesBatchRequest request) {
        String pool = pool();
        List<CreateNamespace> commands = new ArrayList<>();
        for (NamespaceRequest entry : Params.list("list", request.list())) {
            commands.add(toCommand(pool, batchEntryCode(entry.code()), entry));
        }
        dispatcher.send(new CreateNamespacesBatch(pool, commands), ErrorCode.NAMESPACE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/update-namespace")
    @Operation(summary = "Update a namespace; newCode renames it")
    public ApiResponse<NamespaceDto> updateNamespace(@RequestBody UpdateNamespaceRequest request) {
        String pool = pool();
        String newCode = request.newCode() == null || request.newCode().isEmpty() ? null
                : Params.kindCode("namespace", "newCode", request.newCode());
        String namespaceId = existing(pool, request.code());
        UpdateNamespace command = new UpdateNamespace(namespaceId, pool, newCode, Params.text("name", request.name()),
                Params.text("description", request.description()));
        return Responses.ok(dispatcher.<NamespaceDto>send(command, ErrorCode.NAMESPACE_NOT_FOUND).value());
    }

    @PostMapping("/delete-namespace")
    @Operation(summary = "Delete a namespace (not the default one)")
    public ApiResponse<IsSuccess> deleteNamespace(@RequestBody DeleteNamespaceRequest request) {
        String pool = pool();
        String namespaceId = existing(pool, request.code());
        dispatcher.send(new DeleteNamespaces(pool, List.of(namespaceId)), ErrorCode.NAMESPACE_NOT_FOUND);
        return Responses.ok(IsSuccess.TRUE);
    }

    @PostMapping("/delete-namespaces-batch")
    @Operation(summary = "Delete namespaces by code; codes that do not exist are ignored")
    public ApiResponse<IsSuccess> deleteNamespacesBatch(@RequestBody DeleteNamespacesRequest request) {
        String pool = pool();
        List<String> namespaceIds = Params.list("codeList", request.codeList()).stream()
                .map(code -> codes.idOf(NAMESPACE, pool, POOL_WIDE, code)).flatMap(Optional::stream).distinct()
                .toList();
        if (!namespaceIds.isEmpty()) {
            dispatcher.send(new DeleteNamespaces(pool, namespaceIds), ErrorCode.NAMESPACE_NOT_FOUND);
        }
        return Responses.ok(IsSuccess.TRUE);
    }

    /** Empty or over-long is a format error; otherwise an unknown code is "权限组不存在". */
    private String existing(String pool, String code) {
        if (code == null || code.isEmpty() || code.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("code");
        }
        return codes.idOf(NAMESPACE, pool, POOL_WIDE, code)
                .orElseThrow(() -> new ApiException(ErrorCode.NAMESPACE_NOT_FOUND));
    }

    /** In a batch the SDK's specs expect different texts: an empty code, and no length format error. */
    private static String batchEntryCode(String code) {
        if (code == null || code.isEmpty()) {
            throw new ApiException(ErrorCode.NAMESPACE_NAME_EMPTY);
        }
        if (code.length() > Params.MAX_CODE_LENGTH) {
            throw new ApiException(ErrorCode.INVALID_CODE, "namespace code: " + code);
        }
        return Params.kindCode("namespace", "code", code);
    }

    private static CreateNamespace toCommand(String pool, String code, NamespaceRequest request) {
        return new CreateNamespace(Ids.newId(), pool, code, Params.text("name", request.name()),
                Params.text("description", request.description()));
    }

    private static String pool() {
        return RequestContext.current().poolId();
    }
}
