package dev.authz.command.history;

import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupMembersAdded;
import dev.authz.api.event.GroupMembersRemoved;
import dev.authz.api.event.GroupUpdated;
import dev.authz.api.web.GroupAsOfDto;
import dev.authz.api.web.Page;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** A group folded from its events: its attributes and its members, in the order they joined. */
final class GroupState implements EntityState {
    private String groupId;
    private String code;
    private String name;
    private String description;
    private String type;
    private boolean deleted;
    private final Set<String> members = new LinkedHashSet<>();

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof GroupCreated created) {
            groupId = created.groupId();
            code = created.code();
            name = created.name();
            description = created.description();
            type = created.type();
        } else if (event instanceof GroupUpdated updated) {
            code = updated.code();
            name = updated.name();
            description = updated.description();
        } else if (event instanceof GroupMembersAdded added) {
            members.addAll(added.userIds());
        } else if (event instanceof GroupMembersRemoved removed) {
            removed.userIds().forEach(members::remove);
        } else if (event instanceof GroupDeleted) {
            deleted = true;
            members.clear(); // the members leave with the group (no removal event per member)
        }
    }

    @Override
    public boolean created() {
        return groupId != null;
    }

    @Override
    public String code() {
        return code;
    }

    GroupAsOfDto dto(Instant at, int page, int limit) {
        return new GroupAsOfDto(at.toString(), groupId, code, name, description, type, deleted, members.size(),
                new Page<>(members.size(), Pages.slice(members, page, limit)));
    }
}
