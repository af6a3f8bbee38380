package dev.authz.query.config;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import dev.authz.query.readmodel.GenerationPerRequest;
import dev.authz.query.readmodel.Generations;
import dev.authz.query.readmodel.ReadModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * MongoDB through the plain sync driver (no Spring Data): one client and the read model on it. There is
 * deliberately no MongoDatabase bean: projections and queries get their collections from {@link ReadModel},
 * which resolves them to the active generation (see docs/adr/0008-read-model-rebuild.md).
 */
@Configuration(proxyBeanMethods = false)
public class MongoConfig {

    @Bean(destroyMethod = "close")
    public MongoClient mongoClient(@Value("${authz.mongodb.uri}") String uri,
                                   @Value("${authz.mongodb.server-selection-timeout:10s}") Duration serverSelection,
                                   ObjectProvider<CommandListener> listeners) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                // How long an operation waits for an unreachable MongoDB before failing: a read then answers 503.
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(serverSelection.toMillis(),
                        TimeUnit.MILLISECONDS));
        listeners.orderedStream().forEach(settings::addCommandListener);
        return MongoClients.create(settings.build());
    }

    /**
     * Timings of every MongoDB command, by command and collection ({@code mongodb_driver_commands_seconds}). Declared
     * with its own type so that Boot's metrics auto-configuration backs off: a second listener would count every
     * command twice.
     */
    @Bean
    public MongoMetricsCommandListener mongoCommandMetrics(MeterRegistry meters) {
        return new MongoMetricsCommandListener(meters);
    }

    @Bean(destroyMethod = "close")
    public Generations generations(MongoClient client, @Value("${authz.mongodb.database}") String name,
                                   @Value("${authz.rebuild.pointer-refresh:1s}") Duration refreshEvery) {
        return new Generations(client, name, refreshEvery);
    }

    @Bean
    public ReadModel readModel(Generations generations) {
        return new ReadModel(generations);
    }

    @Bean
    public FilterRegistrationBean<GenerationPerRequest> generationPerRequest(ReadModel readModel) {
        FilterRegistrationBean<GenerationPerRequest> registration =
                new FilterRegistrationBean<>(new GenerationPerRequest(readModel));
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean
    public HealthIndicator mongo(ReadModel readModel) {
        return () -> {
            try {
                readModel.aggregateVersions().find(new Document("_id", "health-check")).first();
                return Health.up().withDetail("database", readModel.current().databaseName())
                        .withDetail("generation", readModel.current().number()).build();
            } catch (RuntimeException e) {
                return Health.down(e).build();
            }
        };
    }
}
