package dev.authz.query.role;

import dev.authz.query.readmodel.Search;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.Page;
import dev.authz.api.web.RoleDto;
import dev.authz.api.web.UserDto;
import dev.authz.kit.web.Params;
import dev.authz.query.directory.UserReader;
import dev.authz.query.namespace.NamespaceCollections;
import dev.authz.query.namespace.NamespaceQueries;
import dev.authz.query.organization.OrganizationQueries;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads of roles and their assignments. What counts is decided against the clock when the query runs: an
 * assignment only between its enableTime and endTime; a role only while ENABLE and before its disableTime.
 * User-facing answers (get-user-roles, has-any-role) apply both; member lists apply the assignment window.
 */
@Component
public class RoleQueries {
    public static final String USER = "USER";
    public static final String DEPARTMENT = "DEPARTMENT";
    private static final Bson NEWEST_FIRST = Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id"));
    private static final Bson ASSIGNED_ORDER = Sorts.orderBy(Sorts.ascending("assignedAt"), Sorts.ascending("_id"));

    private final RoleProjection model;
    private final NamespaceQueries namespaces;
    private final MongoCollection<Document> namespaceDocs;
    private final UserReader users;
    private final OrganizationQueries organizations;
    private final Clock clock;

    public RoleQueries(RoleProjection model, NamespaceQueries namespaces, NamespaceCollections namespaceCollections,
                       UserReader users, OrganizationQueries organizations, Optional<Clock> clock) {
        this.model = model;
        this.namespaces = namespaces;
        this.namespaceDocs = namespaceCollections.namespaces();
        this.users = users;
        this.organizations = organizations;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** The namespace of a request (absent or "": default), or 权限组不存在. */
    public String namespaceId(String poolId, String code) {
        return namespaces.idOf(poolId, code)
                .orElseThrow(() -> new ApiException(ErrorCode.NAMESPACE_NOT_FOUND, null, "no namespace " + code));
    }

    /** The role: "" or longer than 64 is FMT(code), anything else unknown is 角色不存在. */
    public Document role(String poolId, String namespaceId, String code) {
        if (code == null || code.isEmpty() || code.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("code");
        }
        return find(poolId, namespaceId, code)
                .orElseThrow(() -> new ApiException(ErrorCode.ROLE_NOT_FOUND, null, "no role " + code));
    }

    private Optional<Document> find(String poolId, String namespaceId, String code) {
        return model.codes().holderOf(RoleProjection.codeKey(poolId, namespaceId, code), model.roles(), poolId, code);
    }

    public RoleDto toDto(Document role) {
        Document namespace = namespaceDocs.find(Filters.eq("_id", role.getString("namespaceId"))).first();
        Number disableTime = role.get("disableTime", Number.class);
        return new RoleDto(role.getString("_id"), role.getString("code"), role.getString("name"),
                role.getString("description"), namespace == null ? null : namespace.getString("code"),
                namespace == null ? null : namespace.getString("name"), role.getString("status"),
                disableTime == null ? null : disableTime.longValue());
    }

    public Page<RoleDto> page(String poolId, String namespaceId, String keywords, int page, int limit) {
        Bson filter = Filters.and(Filters.eq("poolId", poolId), Filters.eq("namespaceId", namespaceId));
        if (Search.given(keywords)) {
            Pattern pattern = Search.contains("keywords", keywords);
            filter = Filters.and(filter, Filters.or(Filters.regex("code", pattern), Filters.regex("name", pattern)));
        }
        List<RoleDto> list = new ArrayList<>();
        model.roles().find(filter).sort(NEWEST_FIRST).skip((page - 1) * limit).limit(limit)
                .forEach(role -> list.add(toDto(role)));
        return new Page<>(model.roles().countDocuments(filter), list);
    }

    /** NamespaceRolesListRespDto entries: the roles of a namespace. */
    public Page<Map<String, Object>> namespaceRoles(String poolId, String namespaceId, String keywords, int page,
                                                    int limit) {
        Page<RoleDto> roles = page(poolId, namespaceId, keywords, page, limit);
        List<Map<String, Object>> list = new ArrayList<>();
        for (RoleDto role : roles.list()) {
            Document doc = model.roles().find(Filters.eq("_id", role.id())).first();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", role.id());
            entry.put("name", role.name());
            entry.put("code", role.code());
            entry.put("description", role.description());
            entry.put("namespace", role.namespace());
            entry.put("updatedAt", doc == null ? null : iso(doc.get("updatedAt")));
            list.add(entry);
        }
        return new Page<>(roles.totalCount(), list);
    }

    /** Assignments in their window now. */
    Bson activeNow() {
        long now = clock.millis();
        return Filters.and(Filters.or(Filters.eq("enableTime", null), Filters.lte("enableTime", now)),
                Filters.or(Filters.eq("endTime", null), Filters.gt("endTime", now)));
    }

    /** A role counts while ENABLE and before its disableTime. */
    boolean enabledNow(Document role) {
        Number disableTime = role.get("disableTime", Number.class);
        return !"DISABLE".equals(role.getString("status"))
                && (disableTime == null || disableTime.longValue() > clock.millis());
    }

    private Bson holders(Document role, String targetType) {
        return Filters.and(Filters.eq("roleId", role.getString("_id")), Filters.eq("targetType", targetType),
                activeNow());
    }

    public Page<UserDto> members(String poolId, Document role, int page, int limit, UserDto.Options view) {
        Bson filter = holders(role, USER);
        List<String> userIds = new ArrayList<>();
        model.assignments().find(filter).sort(ASSIGNED_ORDER).skip((page - 1) * limit).limit(limit)
                .forEach(assignment -> userIds.add(assignment.getString("targetId")));
        return new Page<>(model.assignments().countDocuments(filter), users.byIds(poolId, userIds, view));
    }

    /** RoleDepartmentRespDto entries: {id, code, name, description}. */
    public Page<Map<String, Object>> departments(String poolId, Document role, int page, int limit) {
        Bson filter = holders(role, DEPARTMENT);
        List<String> ids = new ArrayList<>();
        model.assignments().find(filter).sort(ASSIGNED_ORDER).skip((page - 1) * limit).limit(limit)
                .forEach(assignment -> ids.add(assignment.getString("targetId")));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Document department : organizations.departmentsByIds(poolId, ids)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", department.getString("_id"));
            entry.put("code", department.getString("code"));
            entry.put("name", department.getString("name"));
            entry.put("description", department.getString("description"));
            list.add(entry);
        }
        return new Page<>(model.assignments().countDocuments(filter), list);
    }

    /**
     * RolePermissionListDto entries, one per assignment (with its target and window); {@code targetTypes}
     * USER and/or ORG (departments), empty for both.
     */
    public Page<Map<String, Object>> assignments(Document role, Collection<String> targetTypes, int page, int limit) {
        List<String> types = new ArrayList<>();
        for (String type : targetTypes) {
            switch (type) {
                case "USER" -> types.add(USER);
                case "ORG", "DEPARTMENT" -> types.add(DEPARTMENT);
                default -> throw ApiException.invalid("targetType");
            }
        }
        if (types.isEmpty()) {
            types = List.of(USER, DEPARTMENT);  // named, so the (roleId, targetType, assignedAt) index serves the order
        }
        Bson filter = Filters.and(Filters.eq("roleId", role.getString("_id")), Filters.in("targetType", types),
                activeNow());
        List<Map<String, Object>> list = new ArrayList<>();
        model.assignments().find(filter).sort(ASSIGNED_ORDER).skip((page - 1) * limit).limit(limit)
                .forEach(assignment -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("roleId", role.getString("_id"));
                    entry.put("status", role.getString("status"));
                    entry.put("enableTime", assignment.get("enableTime"));
                    entry.put("endTime", assignment.get("endTime"));
                    entry.put("userPoolId", role.getString("poolId"));
                    entry.put("roleName", role.getString("name"));
                    entry.put("roleCode", role.getString("code"));
                    entry.put("description", role.getString("description"));
                    entry.put("targetType", USER.equals(assignment.getString("targetType")) ? "USER" : "ORG");
                    entry.put("targetIdentifier", assignment.getString("targetId"));
                    entry.put("createdAt", iso(assignment.get("assignedAt")));
                    entry.put("updatedAt", iso(assignment.get("updatedAt")));
                    list.add(entry);
                });
        return new Page<>(model.assignments().countDocuments(filter), list);
    }

    /**
     * The roles a user holds now, directly (like Authing's get-user-roles, roles held through a department
     * are not included); {@code namespaceId} null for every namespace.
     */
    public Page<RoleDto> rolesOf(String poolId, String userId, String namespaceId) {
        List<String> roleIds = new ArrayList<>();
        model.assignments().find(Filters.and(Filters.eq("poolId", poolId), Filters.eq("targetType", USER),
                        Filters.eq("targetId", userId), activeNow())).sort(ASSIGNED_ORDER)
                .forEach(assignment -> roleIds.add(assignment.getString("roleId")));
        List<RoleDto> list = new ArrayList<>();
        if (!roleIds.isEmpty()) {
            Bson filter = Filters.and(Filters.in("_id", roleIds), Filters.eq("poolId", poolId));
            if (namespaceId != null) {
                filter = Filters.and(filter, Filters.eq("namespaceId", namespaceId));
            }
            model.roles().find(filter).sort(NEWEST_FIRST).forEach(role -> {
                if (enabledNow(role)) {
                    list.add(toDto(role));
                }
            });
        }
        return new Page<>(list.size(), list);
    }

    /** Whether the user holds one of these roles now; roles (or namespaces) that do not exist count as not held. */
    public boolean hasAnyRole(String poolId, String userId, List<Map.Entry<String, String>> roles) {
        for (Map.Entry<String, String> wanted : roles) {
            Optional<String> namespaceId = namespaces.idOf(poolId, wanted.getKey());
            Optional<Document> role = namespaceId.flatMap(id -> find(poolId, id, wanted.getValue()));
            if (role.isPresent() && enabledNow(role.get()) && model.assignments().countDocuments(Filters.and(
                    Filters.eq("_id", RoleProjection.assignmentId(role.get().getString("_id"), USER, userId)),
                    activeNow())) > 0) {
                return true;
            }
        }
        return false;
    }

    static String iso(Object value) {
        return value instanceof Date date ? date.toInstant().toString() : null;
    }
}
