package dev.authz.command.config;

import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The Kafka publisher's own connections to the event store: it reads new events and stores its token through
 * these, never through the pool the web requests use. With one shared pool, under a write load every pooled
 * connection was held by a request thread and the publisher queued behind them for each batch it read and each
 * token it stored (thread dumps at 250 writes/s: a sixth of its samples in Hikari's borrow), so the public stream
 * and the read models fell seconds behind writes the event store had long accepted.
 *
 * <p>Not a {@code DataSource} bean: one would switch off Spring Boot's auto-configured main pool.
 */
public final class PublisherDatabase implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final ConnectionProvider connections;
    private final TransactionManager transactions;

    public PublisherDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.connections = new UnitOfWorkAwareConnectionProviderWrapper(
                new SpringDataSourceConnectionProvider(dataSource));
        this.transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
    }

    public ConnectionProvider connections() {
        return connections;
    }

    public TransactionManager transactions() {
        return transactions;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
