package dev.authz.command;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The write side: signed REST commands, Axon aggregates, PostgreSQL event store, Kafka publisher. */
@SpringBootApplication
@OpenAPIDefinition(info = @Info(title = "Authz command side", version = "v3",
        description = "The writes of the Authz management API, plus entity history and state as of an instant "
                + "(from the event store), and its internal event feed. Callers use the gateway, which serves the "
                + "whole API as one document."))
@EnableScheduling
public class CommandSideApplication {
    public static void main(String[] args) {
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
