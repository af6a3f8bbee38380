package dev.authz.command.history;

/** A request's namespace code: absent or blank means the pool's "default" namespace, as everywhere else. */
final class NamespaceCodes {
    static final String DEFAULT = "default";

    private NamespaceCodes() {
    }

    static String orDefault(String namespace) {
        return namespace == null || namespace.isBlank() ? DEFAULT : namespace;
    }
}
