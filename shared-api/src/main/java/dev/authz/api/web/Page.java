package dev.authz.api.web;

import java.util.List;

/** The SDK's paging DTO: {totalCount, list}. */
public record Page<T>(long totalCount, List<T> list) {
}
