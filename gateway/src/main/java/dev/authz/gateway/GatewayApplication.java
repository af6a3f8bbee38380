package dev.authz.gateway;

import java.security.Security;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The single entry point SDK users talk to: a thin reverse proxy in front of the command and query services. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        // The health indicator's JDK client (the proxy has its own pool, GatewayConfiguration): drop its pooled
        // connections after 30 s idle, before the services' Tomcat closes them (60 s). This was the proxy's client
        // once, when a request after a quiet minute met a connection the server had just closed (one 503 measured).
        System.setProperty("jdk.httpclient.keepalive.timeout",
                System.getProperty("jdk.httpclient.keepalive.timeout", "30"));
        // Service names (a scaled-out query side) are looked up again after 5 s rather than the JVM's 30 s, so a
        // replica that is gone stops getting new connections soon (RoundRobinDnsResolver); unless set otherwise.
        if (Security.getProperty("networkaddress.cache.ttl") == null) {
            Security.setProperty("networkaddress.cache.ttl", "5");
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
