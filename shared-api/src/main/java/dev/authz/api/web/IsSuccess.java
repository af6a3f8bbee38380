package dev.authz.api.web;

/** IsSuccessDto. */
public record IsSuccess(boolean success) {
    public static final IsSuccess TRUE = new IsSuccess(true);
}
