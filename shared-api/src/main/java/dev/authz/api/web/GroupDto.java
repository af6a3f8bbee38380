package dev.authz.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * GroupDto / ResGroupDto of the SDK. {@code customData} only when asked for ({@code withCustomData}),
 * {@code members} only for get-all-groups with {@code fetchMembers}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupDto(String id, String code, String name, String description, String type,
                       List<String> metadataSource, Map<String, Object> customData, List<UserDto> members) {

    public static GroupDto of(String id, String code, String name, String description, String type) {
        return new GroupDto(id, code, name, description, type, List.of(), null, null);
    }

    public GroupDto withCustomData(Map<String, Object> data) {
        return new GroupDto(id, code, name, description, type, metadataSource, data == null ? Map.of() : data,
                members);
    }

    public GroupDto withMembers(List<UserDto> users) {
        return new GroupDto(id, code, name, description, type, metadataSource, customData, users);
    }
}
