package dev.authz.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    /** One client for all upstream calls: HTTP/1.1 keeps connections alive and reuses them. */
    @Bean
    HttpClient upstreamHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Bean
    RouteTable routeTable() {
        return new RouteTable();
    }

    /**
     * A plain servlet rather than a controller: it sees the raw bytes and no message converter can touch them.
     * Its path mapping outranks Spring MVC's "/", which keeps serving /actuator and answers 404 elsewhere.
     */
    @Bean
    ServletRegistrationBean<ApiProxyServlet> apiProxyServlet(RouteTable routes, GatewayProperties properties,
                                                             HttpClient upstreamHttpClient, ObjectMapper json,
                                                             MeterRegistry meters) {
        var servlet = new ApiProxyServlet(routes, properties, upstreamHttpClient, json, meters);
        var registration = new ServletRegistrationBean<>(servlet, "/api/v3/*");
        registration.setName("apiProxy");
        return registration;
    }
}
