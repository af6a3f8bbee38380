package dev.authz.query.readmodel;

import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/** Tells MongoDB being away (worth waiting for, or a 503 to a reader) from bad data or a bug. */
public final class MongoFailures {
    private MongoFailures() {
    }

    /** MongoDB unreachable or failing over, anywhere in the cause chain. */
    public static boolean isTransient(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoSocketException || cause instanceof MongoTimeoutException
                    || cause instanceof MongoExecutionTimeoutException || cause instanceof MongoNotPrimaryException
                    || cause instanceof MongoNodeIsRecoveringException) {
                return true;
            }
            if (cause instanceof MongoException mongo && mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
                return true;
            }
        }
        return false;
    }
}
