package dev.authz.query.config;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import dev.authz.kit.security.NonceStore;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;

/**
 * Signature nonces shared by every query-side instance: the insert of {@code poolId:nonce} succeeds once, and the
 * nonce is forgotten once the signed date it came with is too old to be accepted anyway.
 */
@Component
public class MongoNonceStore implements NonceStore {
    private static final Logger log = LoggerFactory.getLogger(MongoNonceStore.class);
    private final ReadModel readModel;

    public MongoNonceStore(ReadModel readModel) {
        this.readModel = readModel;
    }

    @Override
    public boolean firstUse(String poolId, String nonce, Instant forgetAfter) {
        try {
            readModel.nonces().insertOne(new Document("_id", poolId + ":" + nonce)
                    .append("expireAt", Date.from(forgetAfter)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Real MongoDB expires nonces through the TTL index on {@code expireAt}; the MongoDB wire server of the local
     * run has no TTL monitor, and without this sweep it kept every nonce of every read request forever.
     */
    @Scheduled(fixedDelayString = "PT1M")
    public void forgetExpired() {
        try {
            readModel.nonces().deleteMany(Filters.lt("expireAt", new Date()));
        } catch (MongoException e) {
            log.warn("could not forget expired signature nonces (next try in a minute): {}", e.toString());
        }
    }
}
