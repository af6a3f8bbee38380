package dev.authz.api.web;

/** NamespaceDto of the SDK (also the shape of UpdateNamespaceDto's answer). */
public record NamespaceDto(String code, String name, String description) {
}
