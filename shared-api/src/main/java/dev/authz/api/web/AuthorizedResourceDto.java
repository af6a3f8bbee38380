package dev.authz.api.web;

import java.util.List;

/** The SDK's AuthorizedResourceDto: the actions granted (or denied) on one resource code. */
public record AuthorizedResourceDto(String resourceCode, String description, List<Object> condition,
                                    String resourceType, String apiIdentifier, List<String> actions, String effect) {
}
