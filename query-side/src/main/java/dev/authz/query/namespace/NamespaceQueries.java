package dev.authz.query.namespace;

import dev.authz.query.readmodel.Search;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.web.NamespaceDto;
import dev.authz.api.web.Page;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads of namespaces, always within one pool. Other features resolve a namespace code to its id here
 * ({@link #idOf}): roles, resources and grants are keyed by namespace id, so a rename moves nothing.
 */
@Component
public class NamespaceQueries {
    /** Requests without a namespace mean this one. */
    public static final String DEFAULT_CODE = "default";

    private final MongoCollection<Document> namespaces;
    private final NamespaceCollections collections;

    public NamespaceQueries(NamespaceCollections collections) {
        this.collections = collections;
        this.namespaces = collections.namespaces();
    }

    /** The live namespace with this code in the pool. */
    public Optional<Document> byCode(String poolId, String code) {
        return collections.codes().holderOf(NamespaceProjection.codeKey(poolId, code), namespaces, poolId, code);
    }

    /** The id of the namespace with this code ({@code null} or blank: the default namespace). */
    public Optional<String> idOf(String poolId, String code) {
        return byCode(poolId, code == null || code.isBlank() ? DEFAULT_CODE : code)
                .map(namespace -> namespace.getString("_id"));
    }

    /** The code of a namespace id, for DTOs that show it (a role's {@code namespace}). */
    public Optional<String> codeOf(String namespaceId) {
        return Optional.ofNullable(namespaces.find(Filters.eq("_id", namespaceId)).first())
                .map(namespace -> namespace.getString("code"));
    }

    public List<NamespaceDto> batch(String poolId, List<String> codes) {
        List<NamespaceDto> found = new ArrayList<>();
        codes.stream().distinct().forEach(code -> byCode(poolId, code).map(NamespaceQueries::toDto)
                .ifPresent(found::add));
        return found;
    }

    public Page<ListedNamespace> page(String poolId, String keywords, int page, int limit) {
        Bson filter = Filters.eq("poolId", poolId);
        if (Search.given(keywords)) {
            Pattern pattern = Search.contains("keywords", keywords);
            filter = Filters.and(filter, Filters.or(Filters.regex("code", pattern), Filters.regex("name", pattern)));
        }
        List<ListedNamespace> list = new ArrayList<>();
        namespaces.find(filter).sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id")))
                .skip((page - 1) * limit).limit(limit)
                .forEach(namespace -> list.add(new ListedNamespace(namespace.getString("name"),
                        namespace.getString("code"), namespace.getString("description"), 1)));
        return new Page<>(namespaces.countDocuments(filter), list);
    }

    /** NamespacesListRespDto: {@code status} 1 = open. */
    public record ListedNamespace(String name, String code, String description, int status) {
    }

    static NamespaceDto toDto(Document namespace) {
        return new NamespaceDto(namespace.getString("code"), namespace.getString("name"),
                namespace.getString("description"));
    }
}
