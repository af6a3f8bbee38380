package dev.authz.query.consumer;

import dev.authz.query.consistency.AggregateVersions;
import dev.authz.query.consistency.AppliedAnnouncements;
import dev.authz.query.consistency.AppliedSignal;
import dev.authz.query.readmodel.ReadModel;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the records of one poll to the read model, then acknowledges them. At-least-once delivery is made
 * exactly-once in effect by the per-aggregate sequence guard plus projections that are idempotent write by
 * write (a crash may land between a projection write and the sequence write).
 *
 * <p>Records arrive in batches so that the guard costs one read and one write per batch instead of two round
 * trips per record: during a bulk load that halves the work of the read side. A record that fails is reported
 * by its index; the error handler commits the ones before it and retries or dead-letters it alone.
 */
@Component
public class ProjectionListener implements ConsumerSeekAware {
    public static final String CONTAINER_ID = "projection";
    private static final Logger log = LoggerFactory.getLogger(ProjectionListener.class);

    private final EventParser parser;
    private final AggregateVersions versions;
    private final List<Projection> projections;
    private final ProjectionMetrics metrics;
    private final AppliedSignal signal;
    private final AppliedAnnouncements announcements;
    private final ReadModel readModel;
    private volatile boolean joined;

    public ProjectionListener(EventParser parser, AggregateVersions versions, List<Projection> projections,
                              ProjectionMetrics metrics, AppliedSignal signal, AppliedAnnouncements announcements,
                              ReadModel readModel) {
        this.parser = parser;
        this.versions = versions;
        this.projections = projections;
        this.metrics = metrics;
        this.signal = signal;
        this.announcements = announcements;
        this.readModel = readModel;
    }

    @KafkaListener(id = CONTAINER_ID, topics = "${authz.events-topic}", groupId = "${authz.consumer-group}",
            batch = "true")
    public void onRecords(List<ConsumerRecord<String, String>> records, Acknowledgment ack) {
        List<Object> parsed = records.stream().map(this::parse).toList();
        List<EventRecord> done = new ArrayList<>();
        // One generation for the whole batch, even if a rebuild switches generations meanwhile.
        try (ReadModel.Pin pin = readModel.pinCurrent()) {
            applyInOrder(parsed, done);
        } finally {
            done.forEach(e -> metrics.applied(e.type(), e.occurredAt()));
            // done holds only events whose projections completed: readable, even if recording their sequence failed.
            List<AggregateVersions.Applied> applied = appliedSequences(done);
            signal.applied(applied);
            announcements.announce(applied);
        }
        ack.acknowledge();
    }

    /**
     * Applies parsed records (each an {@link EventRecord}, or the exception its parsing threw) in order to the
     * calling thread's generation, skipping what it has applied already, and adds what it applied to
     * {@code done}. Their sequences are recorded even when a later record fails, which throws
     * {@link BatchListenerFailedException} with that record's index. The rebuild replays the event store through
     * here too.
     */
    public void applyInOrder(List<?> parsed, List<EventRecord> done) {
        Map<String, Long> applied = versions.applied(parsed.stream()
                .filter(EventRecord.class::isInstance).map(e -> ((EventRecord) e).aggregateId()).toList());
        int unrecorded = done.size();
        Set<String> unrecordedAggregates = new HashSet<>();
        try {
            for (int index = 0; index < parsed.size(); index++) {
                try {
                    if (parsed.get(index) instanceof RuntimeException unparseable) {
                        throw unparseable;
                    }
                    EventRecord event = (EventRecord) parsed.get(index);
                    // A second event of an aggregate in this batch: record the first one's sequence before. A crash
                    // then re-applies at most one event per aggregate, which every projection write tolerates; two
                    // (e.g. members added, then removed) re-applied after both were applied would leave the same
                    // members in another order of their slots than a replay gives.
                    if (unrecordedAggregates.contains(event.aggregateId())) {
                        record(done.subList(unrecorded, done.size()));
                        unrecorded = done.size();
                        unrecordedAggregates.clear();
                    }
                    int before = done.size();
                    apply(event, applied, done);
                    if (done.size() > before) {
                        unrecordedAggregates.add(event.aggregateId());
                    }
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException(e.getMessage(), e, index);
                }
            }
        } finally {
            record(done.subList(unrecorded, done.size()));
        }
    }

    /** The parsed record, or the reason it cannot be parsed (reported when its turn comes). */
    private Object parse(ConsumerRecord<String, String> record) {
        try {
            return parser.parse(record.value());
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void apply(EventRecord event, Map<String, Long> applied, List<EventRecord> done) {
        MDC.put("requestId", event.requestId());
        try {
            if (event.event() == null) {
                log.info("skipping event {} of unknown type {} on {}", event.eventId(), event.type(),
                        event.aggregateId());
                return;
            }
            if (event.sequence() <= applied.getOrDefault(event.aggregateId(), AggregateVersions.NONE)) {
                log.debug("already applied: {} #{} of {}", event.type(), event.sequence(), event.aggregateId());
                return;
            }
            for (Projection projection : projections) {
                projection.apply(event.event(), event.occurredAt());
            }
            applied.put(event.aggregateId(), event.sequence());
            done.add(event);
            log.debug("applied {} #{} of {} in pool {}", event.type(), event.sequence(), event.aggregateId(),
                    event.poolId());
        } finally {
            MDC.remove("requestId");
        }
    }

    /**
     * Called after each join of the consumer group, with this instance's share of the partitions (possibly none,
     * when there are more instances than partitions): from then on the instance consumes what it is given.
     */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        if (!joined) {
            log.info("joined the consumer group with {} partition(s)", assignments.size());
        }
        joined = true;
    }

    /** Whether the consumer has joined its group at least once (a running container may still be joining). */
    public boolean joined() {
        return joined;
    }

    /** Records the sequences of what was applied (also when a later record failed). */
    private void record(List<EventRecord> done) {
        if (!done.isEmpty()) {
            versions.recordAll(appliedSequences(done));
        }
    }

    private static List<AggregateVersions.Applied> appliedSequences(List<EventRecord> done) {
        return done.stream().map(e -> new AggregateVersions.Applied(e.aggregateId(), e.poolId(), e.sequence()))
                .toList();
    }
}
