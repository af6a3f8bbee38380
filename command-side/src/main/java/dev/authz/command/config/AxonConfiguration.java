package dev.authz.command.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.event.EventType;
import dev.authz.api.event.MetadataKeys;
import dev.authz.command.publishing.KafkaEventPublisher;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import jakarta.annotation.PreDestroy;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Axon on PostgreSQL without Axon Server; the tables come from the Flyway migrations. */
@Configuration
public class AxonConfiguration {
    private final ThreadPoolExecutor snapshotThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(1_000), runnable -> {
                Thread thread = new Thread(runnable, "aggregate-snapshotter");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    /** Table and column names of V1__event_store_and_lookups.sql. */
    @Bean
    public EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index").timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number").typeColumn("type").payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision").payloadColumn("payload").metaDataColumn("meta_data")
                .build();
    }

    /**
     * Axon's JDBC storage engine as its auto-configuration builds it; declared here because that configuration
     * backs off as soon as an EventStore bean exists.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 org.axonframework.config.Configuration axon,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager, EventSchema schema) {
        return jdbcStorageEngine(defaultSerializer, eventSerializer, persistenceExceptionResolver, axon,
                connectionProvider, transactionManager, schema);
    }

    private static EventStorageEngine jdbcStorageEngine(Serializer defaultSerializer, Serializer eventSerializer,
                                                        PersistenceExceptionResolver persistenceExceptionResolver,
                                                        org.axonframework.config.Configuration axon,
                                                        ConnectionProvider connectionProvider,
                                                        TransactionManager transactionManager, EventSchema schema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema)
                .build();
    }

    /**
     * The publisher's own small pool (see {@link PublisherDatabase}); same database as the main one, and in the
     * metrics beside it ({@code hikaricp_connections_pending{pool="publisher"}}).
     */
    @Bean
    public PublisherDatabase publisherDatabase(DataSourceProperties database, MeterRegistry meters,
                                               @Value("${authz.publisher.pool-size:2}") int poolSize) {
        HikariDataSource dataSource = database.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        dataSource.setPoolName("publisher");
        dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        dataSource.setMaximumPoolSize(poolSize);
        dataSource.setMinimumIdle(1);
        return new PublisherDatabase(dataSource);
    }

    /**
     * Replaces Axon's EmbeddedEventStore, whose shared cache could hold a whole publishing backlog in memory. Its
     * tracking streams (the publisher's) read through the publisher's own connections.
     */
    @Bean
    public EventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration axon,
                                 Serializer defaultSerializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                 PersistenceExceptionResolver persistenceExceptionResolver, EventSchema schema,
                                 PublisherDatabase publisherDatabase) {
        return UncachedEventStore.builder()
                .storageEngine(storageEngine)
                .streamStorageEngine(jdbcStorageEngine(defaultSerializer, eventSerializer,
                        persistenceExceptionResolver, axon, publisherDatabase.connections(),
                        publisherDatabase.transactions(), schema))
                .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(axon.getComponent(EventBusSpanFactory.class))
                .build();
    }

    @Bean
    public TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry").setProcessorNameColumn("processor_name").setSegmentColumn("segment")
                .setTokenColumn("token").setTokenTypeColumn("token_type").setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /** The stored payload revision of a public event is its {@link EventType#version()}. */
    @Bean
    public RevisionResolver revisionResolver() {
        AnnotationRevisionResolver fallback = new AnnotationRevisionResolver();
        return type -> {
            EventType eventType = type.getAnnotation(EventType.class);
            return eventType != null ? String.valueOf(eventType.version()) : fallback.revisionOf(type);
        };
    }

    /**
     * Events stored at an older payload revision are read as their current version (registered with the event
     * store by Axon's auto-configuration, which picks up every EventUpcaster bean).
     */
    @Bean
    public StoredEventUpcaster storedEventUpcaster(ObjectMapper json) {
        return new StoredEventUpcaster(json);
    }

    /** Who asked, from where, under which request: copied from each command onto the events it causes. */
    @Bean
    public CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.POOL_ID, MetadataKeys.ACCESS_KEY_ID,
                MetadataKeys.REQUEST_ID, MetadataKeys.CLIENT_IP, MetadataKeys.USER_AGENT, MetadataKeys.OPERATION);
    }

    /**
     * A second append at an aggregate position someone else already took is a concurrency conflict, which
     * {@code CommandDispatcher} retries. PostgreSQL reports it as SQLState 23505 (unique_violation), inside a
     * BatchUpdateException; Axon's default resolver only knows SQLIntegrityConstraintViolationException, which
     * the PostgreSQL driver never throws, so without this every conflict was a 500.
     */
    @Bean
    @Primary
    public PersistenceExceptionResolver uniqueViolationIsConcurrency() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                for (SQLException sql = cause instanceof SQLException s ? s : null; sql != null;
                     sql = sql.getNextException()) {
                    if ("23505".equals(sql.getSQLState())) {
                        return true;
                    }
                }
            }
            return false;
        };
    }

    /**
     * Every aggregate type keeps its recently used instances here ({@code @Aggregate(cache = "aggregateCache")}).
     * Aggregates are small (a group holds no members), so 10,000 of them take a few MB.
     */
    @Bean
    public Cache aggregateCache(@Value("${authz.aggregate-cache.size:10000}") int size) {
        return new BoundedAggregateCache(size);
    }

    /**
     * Snapshots are taken on a thread of their own. Axon's default takes them on the command's thread right after
     * its commit, in a new transaction, while that thread still holds the aggregate's lock: it needs a second
     * connection while the commands queued for the same lock hold theirs. Under a burst of writes to one group the
     * queued commands held every pooled connection, the lock holder waited for one, and everything stood still for
     * Hikari's 30 s timeout, then failed (HTTP 500 and 503; reproduced by {@code SnapshotDeadlockTest}). A snapshot
     * is only a shortcut for loading: when the queue is full one is dropped and taken at the next threshold.
     */
    @Bean
    public SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration axon,
                                                          HandlerDefinition handlerDefinition,
                                                          ParameterResolverFactory parameterResolverFactory,
                                                          EventStore eventStore, TransactionManager transactionManager,
                                                          SnapshotterSpanFactory spanFactory) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(axon::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotThread)
                .build();
    }

    @PreDestroy
    void stopSnapshotThread() {
        snapshotThread.shutdown();
    }

    /** Loading a group reads its latest snapshot plus at most this many events. */
    @Bean
    public SnapshotTriggerDefinition groupSnapshotTrigger(Snapshotter snapshotter,
                                                          @Value("${authz.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * A failed send must fail the batch (and be retried), not be logged and skipped, which is what tracking
     * processors do with handler errors by default.
     */
    @Bean
    public ConfigurerModule publisherFailsLoudly() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                KafkaEventPublisher.PROCESSOR, c -> PropagatingErrorHandler.instance());
    }

    /**
     * The publisher's units of work (the batch read, its token) run on its own connections; the token table is the
     * same one the default token store uses.
     */
    @Bean
    public ConfigurerModule publisherUsesItsOwnConnections(PublisherDatabase publisherDatabase, TokenSchema tokenSchema,
                                                           TokenStoreProperties tokenStoreProperties) {
        return configurer -> configurer.eventProcessing()
                .registerTransactionManager(KafkaEventPublisher.PROCESSOR, c -> publisherDatabase.transactions())
                .registerTokenStore(KafkaEventPublisher.PROCESSOR, c -> JdbcTokenStore.builder()
                        .connectionProvider(publisherDatabase.connections())
                        .schema(tokenSchema)
                        .serializer(c.serializer())
                        .claimTimeout(tokenStoreProperties.getClaimTimeout())
                        .build());
    }
}
