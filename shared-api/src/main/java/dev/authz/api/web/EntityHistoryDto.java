package dev.authz.api.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A page of one entity's events, oldest first. {@code aggregateId} says which entity answered; {@code holders}
 * (most recent first; only for lookups by code) lists every entity that ever held the code, so an older one can
 * be asked for with {@code aggregateId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntityHistoryDto(String aggregateType, String aggregateId, List<CodeHolderDto> holders,
                               long totalCount, List<HistoryEventDto> list) {
}
