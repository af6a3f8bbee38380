package dev.authz.query.organization;

import dev.authz.query.readmodel.Search;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.authz.api.error.ApiException;
import dev.authz.api.error.ErrorCode;
import dev.authz.api.web.DepartmentDto;
import dev.authz.api.web.OrganizationDto;
import dev.authz.api.web.Page;
import dev.authz.api.web.UserDto;
import dev.authz.kit.web.Params;
import dev.authz.query.directory.UserReader;
import dev.authz.query.readmodel.ReadModel;
import dev.authz.query.readmodel.ById;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads of organizations, departments and department members, always within one pool. */
@Component
public class OrganizationQueries {
    /** Oldest first: the pool's first organization stays at list[0] (the SDK's specs take list[0]). */
    private static final Bson OLDEST_FIRST = Sorts.orderBy(Sorts.ascending("createdAt"), Sorts.ascending("_id"));
    private static final List<String> KEYWORD_FIELDS = List.of("username", "email", "phone", "name", "nickname");

    private final OrganizationProjection model;
    private final MongoCollection<Document> users;
    private final UserReader reader;

    public OrganizationQueries(OrganizationProjection model, ReadModel readModel, UserReader reader) {
        this.model = model;
        this.users = readModel.users();
        this.reader = reader;
    }

    /** Department endpoints: longer than 64 is FMT(organizationCode); anything else unknown is 404 with the code. */
    public Document organization(String poolId, String code) {
        String given = code == null ? "" : code;
        if (given.length() > Params.MAX_CODE_LENGTH) {
            throw ApiException.invalid("organizationCode");
        }
        return byCode(poolId, given).orElseThrow(() -> new ApiException(ErrorCode.ORGANIZATION_NOT_FOUND, given));
    }

    public Optional<Document> byCode(String poolId, String code) {
        return model.codes().holderOf(OrganizationProjection.codeKey(poolId, code), model.organizations(), poolId,
                code);
    }

    /** A department of the organization, by id (the default departmentIdType) or by code. */
    public Document department(Document organization, String id, String idType) {
        if (id == null || id.isEmpty()) {
            throw ApiException.invalid("departmentId");
        }
        String type = idType == null || idType.isEmpty() ? "department_id" : idType;
        Bson filter = switch (type) {
            case "department_id" -> Filters.eq("_id", id);
            case "code" -> Filters.eq("code", id);
            default -> throw ApiException.invalid("departmentIdType");
        };
        Document found = model.departments().find(Filters.and(filter,
                Filters.eq("organizationId", organization.getString("_id")))).first();
        if (found == null) {
            throw new ApiException(ErrorCode.DEPARTMENT_NOT_FOUND, null, "no department " + id);
        }
        return found;
    }

    public Page<OrganizationDto> organizations(String poolId, String keywords, int page, int limit, boolean all) {
        Bson filter = Filters.eq("poolId", poolId);
        if (keywords != null) {
            Pattern pattern = Search.contains("keywords", keywords);
            filter = Filters.and(filter, Filters.or(Filters.regex("name", pattern), Filters.regex("code", pattern)));
        }
        List<OrganizationDto> list = new ArrayList<>();
        var found = model.organizations().find(filter).sort(OLDEST_FIRST);
        if (!all) {
            found = found.skip((page - 1) * limit).limit(limit);
        }
        found.forEach(org -> list.add(organizationDto(org)));
        return new Page<>(model.organizations().countDocuments(filter), list);
    }

    public OrganizationDto organizationDto(Document org) {
        String root = org.getString("rootDepartmentId");
        return new OrganizationDto(org.getString("code"), org.getString("name"), org.getString("description"),
                iso(org.get("createdAt")), iso(org.get("updatedAt")), root, hasChildren(root), List.of(),
                memberCount(List.of(root)), false, "ENABLE");
    }

    public DepartmentDto toDto(Document department) {
        Document org = model.organizations().find(Filters.eq("_id", department.getString("organizationId"))).first();
        String parentId = department.getString("parentDepartmentId");
        Document parent = parentId == null ? null : model.departments().find(Filters.eq("_id", parentId)).first();
        String id = department.getString("_id");
        return new DepartmentDto(org == null ? null : org.getString("code"), id, iso(department.get("createdAt")),
                iso(department.get("updatedAt")), department.getString("name"), department.getString("description"),
                parentId, department.getString("code"), parent == null ? null : parent.getString("code"),
                memberCount(List.of(id)), hasChildren(id), false, List.of(), true);
    }

    public Page<DepartmentDto> children(Document department) {
        List<DepartmentDto> list = new ArrayList<>();
        model.departments().find(Filters.eq("parentDepartmentId", department.getString("_id"))).sort(OLDEST_FIRST)
                .forEach(child -> list.add(toDto(child)));
        return new Page<>(list.size(), list);
    }

    public DepartmentDto parent(Document department) {
        String parentId = department.getString("parentDepartmentId");
        Document parent = parentId == null ? null : model.departments().find(Filters.eq("_id", parentId)).first();
        return parent == null ? null : toDto(parent);
    }

    public List<DepartmentDto> search(Document organization, String keywords) {
        Pattern pattern = Search.contains("keywords", keywords);
        List<DepartmentDto> list = new ArrayList<>();
        model.departments().find(Filters.and(Filters.eq("organizationId", organization.getString("_id")),
                        Filters.or(Filters.regex("name", pattern), Filters.regex("code", pattern))))
                .sort(OLDEST_FIRST).forEach(department -> list.add(toDto(department)));
        return list;
    }

    /** The department's id, and with {@code includeChildren} every department below it. */
    public List<String> scope(Document department, boolean includeChildren) {
        List<String> ids = new ArrayList<>(List.of(department.getString("_id")));
        if (includeChildren) {
            for (int i = 0; i < ids.size(); i++) {
                model.departments().find(Filters.eq("parentDepartmentId", ids.get(i)))
                        .forEach(child -> ids.add(child.getString("_id")));
            }
        }
        return ids;
    }

    public Page<UserDto> members(String poolId, List<String> departmentIds, int page, int limit, UserDto.Options view) {
        List<String> userIds = memberIds(departmentIds);
        int from = Math.min(userIds.size(), (page - 1) * limit);
        List<String> slice = userIds.subList(from, Math.min(userIds.size(), from + limit));
        return new Page<>(userIds.size(), reader.byIds(poolId, slice, view));
    }

    /** Distinct member ids of these departments, in joining order. */
    public List<String> memberIds(List<String> departmentIds) {
        List<String> ids = new ArrayList<>();
        model.members().find(Filters.in("departmentId", departmentIds))
                .sort(Sorts.orderBy(Sorts.ascending("joinedAt"), Sorts.ascending("_id")))
                .forEach(member -> {
                    String userId = member.getString("userId");
                    if (!ids.contains(userId)) {
                        ids.add(userId);
                    }
                });
        return ids;
    }

    public boolean isMember(List<String> departmentIds, String userId) {
        return model.members().countDocuments(Filters.and(Filters.in("departmentId", departmentIds),
                Filters.eq("userId", userId))) > 0;
    }

    public Page<UserDto> searchMembers(String poolId, List<String> departmentIds, String keywords, int page,
                                       int limit, UserDto.Options view) {
        List<String> ids = memberIds(departmentIds);
        if (ids.isEmpty()) {
            return new Page<>(0, List.of());
        }
        Pattern pattern = Search.contains("keywords", keywords);
        Bson filter = Filters.and(Filters.in("_id", ids), Filters.eq("poolId", poolId), Filters.exists("createdAt"),
                Filters.or(KEYWORD_FIELDS.stream().map(field -> Filters.regex(field, pattern)).toList()));
        List<UserDto> list = new ArrayList<>();
        users.find(filter).sort(Sorts.ascending("_id")).skip((page - 1) * limit).limit(limit)
                .forEach(user -> list.add(reader.toDto(user, view)));
        return new Page<>(users.countDocuments(filter), list);
    }

    /** UserDepartmentRespDto of the SDK, in joining order (newest first). */
    public Page<Map<String, Object>> departmentsOf(String poolId, String userId, int page, int limit) {
        List<Document> memberships = new ArrayList<>();
        model.members().find(Filters.and(Filters.eq("poolId", poolId), Filters.eq("userId", userId)))
                .sort(Sorts.orderBy(Sorts.descending("joinedAt"), Sorts.descending("_id"))).into(memberships);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Document membership : memberships.subList(Math.min(memberships.size(), (page - 1) * limit),
                Math.min(memberships.size(), (page - 1) * limit + limit))) {
            Document department = model.departments().find(Filters.eq("_id", membership.getString("departmentId")))
                    .first();
            if (department == null) {
                continue;
            }
            Document org = model.organizations().find(Filters.eq("_id", department.getString("organizationId")))
                    .first();
            Map<String, Object> dto = new java.util.LinkedHashMap<>();
            dto.put("organizationCode", org == null ? null : org.getString("code"));
            dto.put("departmentId", department.getString("_id"));
            dto.put("isRoot", department.getString("parentDepartmentId") == null);
            dto.put("createdAt", iso(department.get("createdAt")));
            dto.put("name", department.getString("name"));
            dto.put("description", department.getString("description"));
            dto.put("isLeader", false);
            dto.put("code", department.getString("code"));
            dto.put("isMainDepartment", false);
            dto.put("joinedAt", iso(membership.get("joinedAt")));
            dto.put("isVirtualNode", false);
            list.add(dto);
        }
        return new Page<>(memberships.size(), list);
    }

    /** Departments by id (for a role's departments), in the order given; unknown ids are left out. */
    public List<Document> departmentsByIds(String poolId, List<String> ids) {
        List<Document> found = new ArrayList<>();
        for (String id : ids) {
            ById.find(model.departments(), id, poolId).ifPresent(found::add);
        }
        return found;
    }

    private boolean hasChildren(String departmentId) {
        return model.departments().find(Filters.eq("parentDepartmentId", departmentId)).first() != null;
    }

    private long memberCount(List<String> departmentIds) {
        return model.members().countDocuments(Filters.in("departmentId", departmentIds));
    }

    static String iso(Object value) {
        return value instanceof Date date ? date.toInstant().toString() : null;
    }
}
