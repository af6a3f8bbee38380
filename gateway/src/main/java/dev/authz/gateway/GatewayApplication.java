package dev.authz.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The single entry point SDK users talk to: a thin reverse proxy in front of the command and query services. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        // Drop pooled upstream connections after 30 s idle, before the services' Tomcat closes them (60 s):
        // otherwise the first request after a quiet minute can meet a connection the server just closed, and a
        // POST is not retried (measured: one 503 in a bench load after a 5-minute pause).
        System.setProperty("jdk.httpclient.keepalive.timeout",
                System.getProperty("jdk.httpclient.keepalive.timeout", "30"));
        SpringApplication.run(GatewayApplication.class, args);
    }
}
