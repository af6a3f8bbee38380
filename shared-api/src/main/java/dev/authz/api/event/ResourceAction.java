package dev.authz.api.event;

/** An action a resource declares, e.g. {@code read} on {@code books}. */
public record ResourceAction(String name, String description) {
}
