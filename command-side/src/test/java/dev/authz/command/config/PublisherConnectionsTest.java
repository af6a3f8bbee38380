package dev.authz.command.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.authz.command.CommandSideTestBase;
import dev.authz.command.publishing.KafkaEventPublisher;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher reads events and stores its token on connections of its own: while web requests hold every
 * connection of the main pool (a write burst), stored events still reach Kafka. With one shared pool the publisher
 * waited for a connection behind the requests, here for the pool's whole 30 s timeout, so nothing was published
 * within the 15 s this test looks.
 */
class PublisherConnectionsTest extends CommandSideTestBase {
    @Autowired
    DataSource dataSource;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void storedEventsArePublishedWhileRequestsHoldEveryConnectionOfTheMainPool() throws Exception {
        TrackingEventProcessor publisher = processing
                .eventProcessor(KafkaEventPublisher.PROCESSOR, TrackingEventProcessor.class).orElseThrow();
        publisher.shutDown();
        List<Connection> held = new ArrayList<>();
        try {
            String groupId = poolA.withHeader("x-authz-wait", "false")
                    .post("/api/v3/create-group", Map.of("code", unique("held"), "name", "n"))
                    .data().get("id").asText();
            int poolSize = ((HikariDataSource) dataSource).getMaximumPoolSize();
            for (int i = 0; i < poolSize; i++) {
                held.add(dataSource.getConnection());
            }

            publisher.start();

            assertThat(published(groupId)).as("published while the main pool is exhausted").isNotEmpty();
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
            if (!publisher.isRunning()) {
                publisher.start();
            }
        }
    }
}
