package dev.authz.command.history;

import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.GroupCreated;
import dev.authz.api.event.GroupDeleted;
import dev.authz.api.event.GroupUpdated;
import dev.authz.api.web.GroupAsOfDto;
import dev.authz.api.web.Page;

import java.time.Instant;

/**
 * A group's attributes folded from its events. Its members are not folded here: {@link MembershipsAsOf} counts and
 * pages them in PostgreSQL, so a million-member group does not have to fit in memory.
 */
final class GroupState implements EntityState {
    private String groupId;
    private String code;
    private String name;
    private String description;
    private String type;
    private boolean deleted;

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
        } else if (event instanceof GroupDeleted) {
            deleted = true;
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

    String groupId() {
        return groupId;
    }

    /** Deleted: no members (they left with the group, without a removal event each). */
    boolean deleted() {
        return deleted;
    }

    GroupAsOfDto dto(Instant at, MembershipsAsOf.Paged<String> members) {
        return new GroupAsOfDto(at.toString(), groupId, code, name, description, type, deleted, members.total(),
                new Page<>(members.total(), members.page()));
    }
}
