package dev.authz.query.customfield;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.authz.api.event.CustomFieldDefinition;
import dev.authz.api.web.CustomFieldDto;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;

/** Custom field definitions of a pool, as {@link CustomFieldProjection} keeps them. */
@Component
public class CustomFieldQueries {
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final MongoCollection<Document> customFields;

    public CustomFieldQueries(ReadModel readModel) {
        this.customFields = readModel.collection(CustomFieldProjection.COLLECTION);
    }

    /** The custom fields of one target type, in the order they were first set. */
    public List<CustomFieldDto> of(String poolId, String targetType) {
        Document found = customFields.find(Filters.eq("_id", CustomFieldProjection.documentId(poolId, targetType)))
                .first();
        if (found == null) {
            return List.of();
        }
        Document fields = found.get("fields", Document.class);
        Document firstSetAt = found.get("firstSetAt", Document.class);
        return fields.keySet().stream()
                .sorted(Comparator.comparing((String key) -> firstSetAt.getDate(key)).thenComparing(key -> key))
                .map(key -> CustomFieldDto.of(json.convertValue(fields.get(key), CustomFieldDefinition.class),
                        toInstant(firstSetAt.getDate(key))))
                .toList();
    }

    private static Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
