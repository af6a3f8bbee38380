package dev.authz.query;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The read side: consumes the public event stream into MongoDB and serves the SDK's read endpoints. */
@SpringBootApplication
@OpenAPIDefinition(info = @Info(title = "Authz query side", version = "v3",
        description = "The reads of the Authz management API, from the MongoDB read models, plus its internal "
                + "read-your-writes and rebuild endpoints. Callers use the gateway, which serves the whole API as "
                + "one document."))
@EnableScheduling
public class QuerySideApplication {
    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
