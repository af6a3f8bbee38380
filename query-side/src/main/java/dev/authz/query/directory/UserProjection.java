package dev.authz.query.directory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.UserEvent;
import dev.authz.query.consumer.Projection;
import dev.authz.api.event.UserProfile;
import dev.authz.api.event.UserUpdated;
import dev.authz.query.readmodel.OwnedKeys;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Projects a user's events into {@code users} (profile fields at the top level, plus the group ids kept by
 * the membership projection) and {@code user_keys} (username, email, phone and externalId to user id).
 */
@Component
public class UserProjection implements Projection {
    static final List<UserIdType> KEYED = List.of(UserIdType.USERNAME, UserIdType.EMAIL, UserIdType.PHONE,
            UserIdType.EXTERNAL_ID);
    private static final List<String> PROFILE_FIELDS = java.util.Arrays.stream(UserProfile.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private final ObjectMapper mapper = new ObjectMapper();
    private final MongoCollection<Document> users;
    private final OwnedKeys keys;

    public UserProjection(ReadModel readModel) {
        this.users = readModel.users();
        this.keys = new OwnedKeys(readModel.userKeys());
    }

    static String lookupKey(String poolId, UserIdType type, String normalizedValue) {
        return OwnedKeys.key(poolId, type.field(), normalizedValue);
    }

    @Override
    public void apply(DomainEvent domainEvent, Instant occurredAt) {
        if (!(domainEvent instanceof UserEvent event)) {
            return;
        }
        if (event instanceof UserCreated created) {
            // Upsert: a membership may have made a placeholder first. Setting the same values twice is harmless.
            save(created.poolId(), created.userId(), created.profile(), occurredAt,
                    Updates.set("createdAt", Date.from(occurredAt)));
        } else if (event instanceof UserUpdated updated) {
            Document before = users.find(Filters.eq("_id", updated.userId())).first();
            save(updated.poolId(), updated.userId(), updated.profile(), occurredAt, null);
            releaseChangedKeys(before, profileFields(updated.profile()));
        } else if (event instanceof UserDeleted deleted) {
            Document before = users.find(Filters.eq("_id", deleted.userId())).first();
            releaseChangedKeys(before, Map.of());
            users.deleteOne(Filters.eq("_id", deleted.userId()));
        }
    }

    /** Sets the whole profile (fields it lacks are removed) and claims its lookup keys. */
    private void save(String poolId, String userId, UserProfile profile, Instant at, Bson extra) {
        Map<String, Object> fields = profileFields(profile);
        List<Bson> updates = new ArrayList<>();
        updates.add(Updates.set("poolId", poolId));
        updates.add(Updates.set("updatedAt", Date.from(at)));
        for (String field : PROFILE_FIELDS) {
            updates.add(fields.containsKey(field) ? Updates.set(field, fields.get(field)) : Updates.unset(field));
        }
        if (extra != null) {
            updates.add(extra);
        }
        users.updateOne(Filters.eq("_id", userId), Updates.combine(updates), new UpdateOptions().upsert(true));
        for (UserIdType type : KEYED) {
            if (fields.get(type.field()) instanceof String value) {
                keys.claim(poolId, lookupKey(poolId, type, value), userId, at);
            }
        }
    }

    /** Lets go of the keys the user held before and no longer holds now. */
    private void releaseChangedKeys(Document before, Map<String, Object> now) {
        if (before == null) {
            return;
        }
        for (UserIdType type : KEYED) {
            String old = before.getString(type.field());
            if (old != null && !old.equals(now.get(type.field()))) {
                keys.release(lookupKey(before.getString("poolId"), type, old), before.getString("_id"));
            }
        }
    }

    /** The profile's non-null fields; emails are kept lower-case (they compare case-insensitively). */
    private Map<String, Object> profileFields(UserProfile profile) {
        Map<String, Object> fields = profile == null ? new java.util.HashMap<>()
                : mapper.convertValue(profile, new TypeReference<Map<String, Object>>() {
                });
        if (fields.get("email") instanceof String email) {
            fields.put("email", email.toLowerCase(Locale.ROOT));
        }
        return fields;
    }
}
