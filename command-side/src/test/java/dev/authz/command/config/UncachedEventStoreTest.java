package dev.authz.command.config;

import dev.authz.command.CommandSideTestBase;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The tracking streams the Kafka publisher reads: every stored event, once, in order, also those stored later. */
class UncachedEventStoreTest extends CommandSideTestBase {
    private static final String NO_WAIT = "x-authz-wait";

    @Autowired
    EventStore eventStore;

    @Test
    void isTheStoreAxonUses() {
        assertThat(eventStore).isInstanceOf(UncachedEventStore.class);
    }

    @Test
    void aWaitingStreamIsWokenByTheNextCommit() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(eventStore.createHeadToken())) {
            drain(stream);
            String code = unique("wake");
            CompletableFuture<Boolean> available = CompletableFuture.supplyAsync(() -> {
                try {
                    return stream.hasNextAvailable(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(poolA.withHeader(NO_WAIT, "false")
                    .post("/api/v3/create-group", Map.of("code", code, "name", "n")).statusCode()).isEqualTo(200);

            assertThat(available.get(60, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload().toString()).contains(code);
        }
    }

    @Test
    void aStreamBehindByMoreThanOneBatchReadsEveryEventOnceInOrder() throws Exception {
        TrackingToken start = eventStore.createHeadToken();
        int groups = 150;
        for (int i = 0; i < groups; i++) {
            assertThat(poolA.withHeader(NO_WAIT, "false")
                    .post("/api/v3/create-group", Map.of("code", unique("batch"), "name", "n")).statusCode())
                    .isEqualTo(200);
        }
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(start)) {
            List<TrackedEventMessage<?>> read = drain(stream);
            List<String> ids = read.stream().map(TrackedEventMessage::getIdentifier).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(read.stream().filter(e -> e.getPayload().toString().contains("batch")).count())
                    .isGreaterThanOrEqualTo(groups);
            for (int i = 1; i < read.size(); i++) {
                assertThat(read.get(i).trackingToken().covers(read.get(i - 1).trackingToken())).isTrue();
            }
        }
    }

    private static List<TrackedEventMessage<?>> drain(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        while (stream.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
            read.add(stream.nextAvailable());
        }
        return read;
    }
}
