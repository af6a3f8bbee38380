package dev.authz.query.rebuild;

/** A rebuild that cannot start (one is running, or the deployment does not allow it); answered with 409. */
public class RebuildRefusedException extends RuntimeException {
    private final transient RebuildStatus status;

    public RebuildRefusedException(String message) {
        this(message, null);
    }

    public RebuildRefusedException(String message, RebuildStatus status) {
        super(message);
        this.status = status;
    }

    public RebuildStatus status() {
        return status;
    }
}
