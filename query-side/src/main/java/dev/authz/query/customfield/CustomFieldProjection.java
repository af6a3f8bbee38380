package dev.authz.query.customfield;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.CustomFieldDefinition;
import dev.authz.api.event.CustomFieldsSet;
import dev.authz.api.event.DomainEvent;
import dev.authz.query.consumer.Projection;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Custom field definitions in {@code custom_fields}: one document per pool and target type ({@code _id}
 * {@code poolId|targetType}), so get-custom-fields is one {@code _id} read. Each field sits under
 * {@code fields.<key>} (keys are letters, digits and _), the time it was first set under {@code firstSetAt.<key>}
 * ({@code $min}: a redelivered or replayed event keeps the earliest). Read by {@link CustomFieldQueries}.
 */
@Component
public class CustomFieldProjection implements Projection {
    static final String COLLECTION = "custom_fields";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MongoCollection<Document> customFields;

    public CustomFieldProjection(ReadModel readModel) {
        this.customFields = readModel.collection(COLLECTION);
    }

    static String documentId(String poolId, String targetType) {
        return poolId + "|" + targetType;
    }

    @Override
    public void apply(DomainEvent event, Instant occurredAt) {
        if (!(event instanceof CustomFieldsSet set)) {
            return;
        }
        for (CustomFieldDefinition field : set.fields()) {
            Bson update = Updates.combine(Updates.set("poolId", set.poolId()),
                    Updates.set("targetType", field.targetType()),
                    Updates.set("fields." + field.key(), new Document(JSON.convertValue(field,
                            new TypeReference<Map<String, Object>>() {
                            }))),
                    Updates.min("firstSetAt." + field.key(), Date.from(occurredAt)));
            customFields.updateOne(Filters.eq("_id", documentId(set.poolId(), field.targetType())), update,
                    new UpdateOptions().upsert(true));
        }
    }
}
