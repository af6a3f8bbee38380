package dev.authz.command.history;

import dev.authz.api.event.DomainEvent;

import java.util.function.Consumer;

/**
 * An entity's attributes folded from its own events up to an instant; memberships and role assignments are not
 * among them ({@link StoredEvents#replayWithoutNamings}, {@link MembershipsAsOf}).
 */
interface EntityState extends Consumer<DomainEvent> {
    /** Whether its creation event came before the instant (if not, it did not exist yet). */
    boolean created();

    /** Its code at the instant (after a deletion: its last code). */
    String code();
}
