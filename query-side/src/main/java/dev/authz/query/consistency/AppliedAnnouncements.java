package dev.authz.query.consistency;

import dev.authz.api.error.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes across query-side instances. An event is applied by the instance whose consumer holds its
 * partition, but the command side's wait may reach any instance. Each instance therefore tells the others what it
 * applied, on a one-partition topic ({@code <events-topic>.applied}) that every instance reads from its end, and
 * passes what the others applied to its own waiters ({@link AppliedSignal}). Without this, a waiter on an instance
 * that does not hold the partition found the event only by re-reading MongoDB every 10-50 ms.
 *
 * <p>Announcing costs a produced record per applied batch, so an instance announces only while another instance is
 * listening: every instance sends a heartbeat (an empty record) every {@code heartbeat-interval}, and announces
 * while it has heard someone else's within three intervals. A single instance (the local run, the compose file)
 * thus announces nothing. Correctness never depends on an announcement: a lost one (a crash between applying and
 * announcing, a broker hiccup) is found by the waiter's guard re-read ({@link AppliedController}).
 *
 * <p>Records: key = the sending instance's id; value = empty (heartbeat) or {@code aggregateId:sequence,...}.
 */
@Component
public class AppliedAnnouncements implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AppliedAnnouncements.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final boolean enabled;
    private final Duration heartbeatInterval;
    private final KafkaProperties kafka;
    private final AppliedSignal signal;
    private final String instanceId = UUID.randomUUID().toString();
    /** Other instances heard from, and when (nanoTime). */
    private final Map<String, Long> peersHeardAt = new ConcurrentHashMap<>();
    private final Counter sent;
    private final Counter received;
    private final Timer delay;

    /** While started. */
    private volatile KafkaProducer<String, String> producer;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread reader;
    private volatile boolean running;
    /** Set by the reader thread only. */
    private boolean newPeerHeard;
    /** nanoTime of this instance's first heartbeat once it reads the topic; 0 before. */
    private volatile long firstHeartbeatAt;

    public AppliedAnnouncements(@Value("${authz.events-topic}") String eventsTopic,
                                @Value("${authz.applied.announce:true}") boolean enabled,
                                @Value("${authz.applied.heartbeat-interval:5s}") Duration heartbeatInterval,
                                KafkaProperties kafka, AppliedSignal signal,
                                MeterRegistry registry) {
        this.topic = topicFor(eventsTopic);
        this.enabled = enabled;
        this.heartbeatInterval = heartbeatInterval;
        this.kafka = kafka;
        this.signal = signal;
        this.sent = Counter.builder("authz.applied.announcements").tag("direction", "sent")
                .description("Batches of applied events announced to, or received from, other query-side instances")
                .register(registry);
        this.received = Counter.builder("authz.applied.announcements").tag("direction", "received")
                .register(registry);
        this.delay = Timer.builder("authz.applied.announcement.delay")
                .description("From another instance's sending an announcement to its reaching this instance")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250))
                .register(registry);
        Gauge.builder("authz.applied.peers", this, AppliedAnnouncements::peers)
                .description("Other query-side instances heard from on the applied topic").register(registry);
    }

    public static String topicFor(String eventsTopic) {
        return eventsTopic + ".applied";
    }

    /** Called by the projection listener with what it applied: announced while another instance listens. */
    public void announce(Collection<AggregateVersions.Applied> applied) {
        if (applied.isEmpty() || peers() == 0) {
            return;
        }
        String positions = Positions.format(applied);
        try {
            producer.send(new ProducerRecord<>(topic, instanceId, positions), (result, error) -> {
                if (error != null) {
                    notAnnounced(applied.size(), error);
                } else {
                    sent.increment();
                }
            });
        } catch (RuntimeException e) { // never in the way of the projection: the waiters' guard read covers it
            notAnnounced(applied.size(), e);
        }
    }

    private static void notAnnounced(int events, Throwable error) {
        log.debug("could not announce {} applied event(s): {}", events, error.toString());
    }

    /**
     * Whether every other instance's applied events reach this instance's waiters: it reads the topic, and its
     * heartbeat has been out long enough for the others to have heard it and to announce.
     */
    public boolean reachesThisInstance() {
        long since = firstHeartbeatAt;
        return running && since != 0 && System.nanoTime() - since > 2 * heartbeatInterval.toNanos();
    }

    /** Other instances heard from within three heartbeat intervals. */
    public int peers() {
        long cutoff = System.nanoTime() - 3 * heartbeatInterval.toNanos();
        peersHeardAt.values().removeIf(heardAt -> heardAt - cutoff < 0);
        return peersHeardAt.size();
    }

    @Override
    public void start() {
        if (!enabled || running) {
            return;
        }
        Map<String, Object> settings = kafka.buildProducerProperties(null);
        // Best effort (a lost announcement costs a waiter one guard read), so the leader's acknowledgement is enough.
        settings.put(ProducerConfig.ACKS_CONFIG, "1");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "applied-announcements-" + instanceId);
        producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
        running = true;
        reader = new Thread(this::read, "applied-announcements");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread thread = reader;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        KafkaProducer<String, String> sending = producer;
        if (sending != null) {
            sending.close(Duration.ofSeconds(1));
        }
    }

    /** Before the projection's listener containers start, after they stop: nothing applied goes unannounced. */
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE - 1;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void read() {
        Map<String, Object> settings = kafka.buildConsumerProperties(null);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "applied-announcements-" + instanceId);
        while (running) {
            try (KafkaConsumer<String, String> reading =
                         new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
                consumer = reading;
                readUntilStopped(reading);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                firstHeartbeatAt = 0;
                log.warn("reading {} failed, retrying in 1 s: {}", topic, e.toString());
                sleepOneSecond();
            }
        }
    }

    private void readUntilStopped(KafkaConsumer<String, String> reading) {
        TopicPartition partition = new TopicPartition(topic, 0);
        // Only what others apply from now on matters: a waiter registers before its first read of MongoDB.
        reading.assign(List.of(partition));
        reading.seekToEnd(List.of(partition));
        reading.position(partition);
        long lastHeartbeat = 0;
        while (running) {
            if (lastHeartbeat == 0 || System.nanoTime() - lastHeartbeat >= heartbeatInterval.toNanos()
                    || newPeerHeard) {
                newPeerHeard = false;
                producer.send(new ProducerRecord<>(topic, instanceId, ""));
                lastHeartbeat = System.nanoTime();
                if (firstHeartbeatAt == 0) {
                    firstHeartbeatAt = lastHeartbeat;
                }
            }
            for (ConsumerRecord<String, String> record : reading.poll(POLL)) {
                heard(record.key(), record.value(), record.timestamp());
            }
        }
    }

    private void heard(String sender, String positions, long sentAtMillis) {
        if (sender == null || sender.equals(instanceId)) {
            return;
        }
        if (peersHeardAt.put(sender, System.nanoTime()) == null) {
            // Answer a newcomer at once: it learns within milliseconds, not a heartbeat interval, that it must
            // announce what it applies (its consumers are joining the group meanwhile).
            newPeerHeard = true;
        }
        if (positions == null || positions.isEmpty()) {
            return;
        }
        Map<String, Long> applied;
        try {
            applied = Positions.parse(positions);
        } catch (ApiException e) {
            log.debug("ignoring a malformed announcement from {}: {}", sender, positions);
            return;
        }
        received.increment();
        delay.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - sentAtMillis)));
        signal.applied(applied.entrySet().stream().map(position ->
                new AggregateVersions.Applied(position.getKey(), null, position.getValue())).toList());
    }

    private static void sleepOneSecond() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
