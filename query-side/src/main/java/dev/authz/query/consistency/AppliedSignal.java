package dev.authz.query.consistency;

import org.springframework.stereotype.Component;

/**
 * Wakes read-your-writes waiters as soon as this instance applies an event, so they re-check right away
 * instead of at their next poll. Waiters still poll MongoDB, because another instance may own the partition.
 */
@Component
public class AppliedSignal {
    private final Object monitor = new Object();

    public void eventApplied() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Waits for the next applied event or until {@code maxMillis} pass, whichever comes first. */
    public void awaitNext(long maxMillis) throws InterruptedException {
        if (maxMillis <= 0) {
            return;
        }
        synchronized (monitor) {
            monitor.wait(maxMillis);
        }
    }
}
