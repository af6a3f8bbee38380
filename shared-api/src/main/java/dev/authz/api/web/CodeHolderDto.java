package dev.authz.api.web;

/** An entity that held a code, and when it last claimed it (created with it or renamed to it). */
public record CodeHolderDto(String aggregateId, String claimedAt) {
}
