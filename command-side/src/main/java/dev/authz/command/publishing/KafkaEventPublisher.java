package dev.authz.command.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.DomainEvent;
import dev.authz.api.event.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tracking processor "kafka-publisher": reads the event store in order and sends every event to the
 * public topic, keyed by aggregate id. Sends of one batch go out together; the batch's unit of work
 * (which stores the processor's token) commits only after Kafka acknowledged all of them (acks=all,
 * idempotent producer). A crash before that resends the batch: at least once, never lost.
 */
@Component
@ProcessingGroup(KafkaEventPublisher.PROCESSOR)
public class KafkaEventPublisher {
    public static final String PROCESSOR = "kafka-publisher";
    private static final String PENDING_SENDS = KafkaEventPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, String> kafka;
    private final ObjectMapper json;
    private final String topic;
    private final Counter published;

    public KafkaEventPublisher(KafkaTemplate<String, String> kafka, ObjectMapper json, MeterRegistry meters,
                               @Value("${authz.events-topic}") String topic) {
        this.kafka = kafka;
        this.json = json;
        this.topic = topic;
        this.published = Counter.builder("authz_events_published").description("Events acknowledged by Kafka")
                .register(meters);
    }

    @EventHandler
    public void publish(DomainEvent event, DomainEventMessage<?> message) throws JsonProcessingException {
        EventEnvelope<DomainEvent> envelope = EventEnvelopes.envelope(message);
        CompletableFuture<?> sent = kafka.send(EventEnvelopes.record(topic, envelope,
                json.writeValueAsString(envelope)));
        pendingSends().add(sent);
    }

    private List<CompletableFuture<?>> pendingSends() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAcks(sends));
            return sends;
        });
    }

    private void awaitAcks(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            published.increment(sends.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            // Rolls the batch back: the token does not advance and the processor retries these events.
            throw new IllegalStateException("Kafka did not acknowledge " + sends.size() + " events", e);
        }
    }
}
