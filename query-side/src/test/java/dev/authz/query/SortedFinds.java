package dev.authz.query;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every {@code find} with a sort that the query side sends to MongoDB (a command listener on its client),
 * so that a test can check each has an index that serves its order.
 */
public class SortedFinds implements CommandListener {

    /** One sorted read: the collection, its filter and its sort, as the driver sent them. */
    public record SortedFind(String collection, BsonDocument filter, BsonDocument sort) {
    }

    private final List<SortedFind> seen = new CopyOnWriteArrayList<>();

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonDocument command = event.getCommand();
        if (event.getCommandName().equals("find") && command.isDocument("sort")
                && !command.getDocument("sort").isEmpty()) {
            seen.add(new SortedFind(command.getString("find").getValue(),
                    command.isDocument("filter") ? command.getDocument("filter").clone() : new BsonDocument(),
                    command.getDocument("sort").clone()));
        }
    }

    public List<SortedFind> seen() {
        return List.copyOf(seen);
    }
}
