package dev.authz.command.history;

import java.util.Collection;
import java.util.List;

/** Pages of an in-memory collection (page from 1). */
final class Pages {
    private Pages() {
    }

    static <T> List<T> slice(Collection<T> all, int page, int limit) {
        return all.stream().skip((long) (page - 1) * limit).limit(limit).toList();
    }
}
