package dev.authz.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The write side: signed REST commands, Axon aggregates, PostgreSQL event store, Kafka publisher. */
@SpringBootApplication
@EnableScheduling
public class CommandSideApplication {
    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
