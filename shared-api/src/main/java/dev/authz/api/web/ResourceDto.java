package dev.authz.api.web;

import dev.authz.api.event.ResourceAction;

import java.util.List;

/** The SDK's ResourceDto; {@code namespace} is the namespace code. */
public record ResourceDto(String code, String description, String name, String type, List<ResourceAction> actions,
                          String apiIdentifier, String namespace, boolean linkedToTenant) {
}
