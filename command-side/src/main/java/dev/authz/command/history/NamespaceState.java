package dev.authz.command.history;

import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.NamespaceCreated;
import dev.authz.api.event.NamespaceUpdated;

/** A namespace folded from its events: only what resolving its code at an instant needs. */
final class NamespaceState implements EntityState {
    private String namespaceId;
    private String code;

    @Override
    public void accept(DomainEvent event) {
        if (event instanceof NamespaceCreated created) {
            namespaceId = created.namespaceId();
            code = created.code();
        } else if (event instanceof NamespaceUpdated updated) {
            code = updated.code();
        }
    }

    @Override
    public boolean created() {
        return namespaceId != null;
    }

    @Override
    public String code() {
        return code;
    }

    String namespaceId() {
        return namespaceId;
    }
}
