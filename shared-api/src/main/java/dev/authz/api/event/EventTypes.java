package dev.authz.api.event;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The registry of public event types: name to class and back. */
public final class EventTypes {

    public static final List<Class<? extends DomainEvent>> ALL = List.of(
            GroupCreated.class, GroupUpdated.class, GroupDeleted.class, GroupMembersAdded.class,
            GroupMembersRemoved.class,
            UserCreated.class, UserUpdated.class, UserDeleted.class,
            NamespaceCreated.class, NamespaceUpdated.class, NamespaceDeleted.class,
            RoleCreated.class, RoleUpdated.class, RoleDeleted.class, RoleAssigned.class, RoleRevoked.class,
            OrganizationCreated.class, OrganizationUpdated.class, OrganizationDeleted.class,
            DepartmentCreated.class, DepartmentUpdated.class, DepartmentDeleted.class,
            DepartmentMembersAdded.class, DepartmentMembersRemoved.class,
            ResourceCreated.class, ResourceUpdated.class, ResourceDeleted.class,
            ResourcesAuthorized.class, ResourceAuthorizationsRevoked.class,
            CustomFieldsSet.class, AdminActionRecorded.class);

    private static final Map<String, Class<? extends DomainEvent>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(EventTypes::nameOf, Function.identity()));

    private EventTypes() {
    }

    public static String nameOf(Class<?> eventClass) {
        return annotation(eventClass).name();
    }

    public static int versionOf(Class<?> eventClass) {
        return annotation(eventClass).version();
    }

    /** The class for a public type name, or null when this build does not know the type. */
    public static Class<? extends DomainEvent> classOf(String name) {
        return BY_NAME.get(name);
    }

    private static EventType annotation(Class<?> eventClass) {
        EventType type = eventClass.getAnnotation(EventType.class);
        if (type == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not annotated with @EventType");
        }
        return type;
    }
}
