package dev.authz.command.history;

import dev.authz.api.event.DomainEvent;

import java.util.function.Consumer;

/** An entity folded from its own events up to an instant. */
interface EntityState extends Consumer<DomainEvent> {
    /** Whether its creation event came before the instant (if not, it did not exist yet). */
    boolean created();

    /** Its code at the instant (after a deletion: its last code). */
    String code();

    /**
     * Whether it folds memberships and role assignments ({@link SubjectLinks#NAMING_EVENTS}); if not, they are not
     * read at all.
     */
    default boolean foldsNamings() {
        return true;
    }
}
