package dev.authz.query.config;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import dev.authz.kit.security.NonceStore;
import dev.authz.query.readmodel.ReadModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;

/**
 * Signature nonces shared by every query-side instance: the insert of {@code poolId:nonce} succeeds once; a
 * TTL index forgets the nonce once the signed date it came with is too old to be accepted anyway.
 */
@Component
public class MongoNonceStore implements NonceStore {
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
}
