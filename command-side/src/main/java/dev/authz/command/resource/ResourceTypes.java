package dev.authz.command.resource;

import dev.authz.api.error.ApiException;
import dev.authz.api.event.ResourceAction;

import java.util.List;
import java.util.Set;

/** The resource types the API knows, and the shape of declared actions. */
public final class ResourceTypes {
    public static final Set<String> ALL = Set.of("DATA", "API", "MENU", "BUTTON", "UI");

    private ResourceTypes() {
    }

    /** A known resource type, else a format error on {@code parameter}. */
    public static String require(String parameter, String type) {
        if (type == null || !ALL.contains(type)) {
            throw ApiException.invalid(parameter, "one of " + ALL);
        }
        return type;
    }

    /** Declared actions: each needs a name; none declared is an empty list. */
    public static List<ResourceAction> actions(List<ResourceAction> actions) {
        if (actions == null) {
            return List.of();
        }
        for (ResourceAction action : actions) {
            if (action == null || action.name() == null || action.name().isBlank()) {
                throw ApiException.invalid("actions", "every action needs a name");
            }
        }
        return List.copyOf(actions);
    }
}
