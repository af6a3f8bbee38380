package dev.authz.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The read side: consumes the public event stream into MongoDB and serves the SDK's read endpoints. */
@SpringBootApplication
@EnableScheduling
public class QuerySideApplication {
    public static void main(String[] args) {
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
