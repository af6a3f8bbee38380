package dev.authz.query.directory;

import dev.authz.api.web.UserDto;
import java.util.List;

/**
 * ListUsersRequestDto. The with* flags are read from {@code options} and, as most of the SDK's own specs send
 * them, from the top level too. {@code searchQuery} (Elasticsearch syntax) is not supported and ignored.
 */
public record ListUsersRequest(String keywords, List<AdvancedFilter> advancedFilter, Options options,
                               Boolean withCustomData, Boolean withIdentities, Boolean withDepartmentIds) {

    public record AdvancedFilter(String field, String operator, Object value) {
    }

    public record Options(Pagination pagination, Boolean withCustomData, Boolean withIdentities,
                          Boolean withDepartmentIds) {
    }

    public record Pagination(Integer page, Integer limit) {
    }

    public UserDto.Options view() {
        return new UserDto.Options(flag(withCustomData, options == null ? null : options.withCustomData()),
                flag(withIdentities, options == null ? null : options.withIdentities()),
                flag(withDepartmentIds, options == null ? null : options.withDepartmentIds()));
    }

    public Pagination pagination() {
        return options == null || options.pagination() == null ? new Pagination(null, null) : options.pagination();
    }

    private static boolean flag(Boolean topLevel, Boolean inOptions) {
        return Boolean.TRUE.equals(topLevel) || Boolean.TRUE.equals(inOptions);
    }
}
