package dev.authz.api.web;

/** IsUserExistsDto. */
public record IsUserExists(boolean exists) {
}
