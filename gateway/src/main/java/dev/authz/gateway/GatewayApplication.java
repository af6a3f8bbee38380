package dev.authz.gateway;

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
        SpringApplication.run(GatewayApplication.class, args);
    }
}
