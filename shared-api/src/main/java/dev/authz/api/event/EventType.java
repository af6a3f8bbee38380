package dev.authz.api.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event on the public stream. The name is stable across Java refactorings (it, not the class
 * name, is what the event store and Kafka carry) and the version is bumped whenever the payload's shape
 * changes incompatibly; an upcaster then turns the old shape into the new one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    String name();

    int version() default 1;
}
