package dev.authz.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class GatewayConfiguration {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Per side; Tomcat serves at most 200 requests at a time, so a request never waits for a connection. */
    private static final int CONNECTIONS_PER_SIDE = 200;

    /**
     * The proxy's client for both services: blocking I/O on the Tomcat thread that serves the request, kept-alive
     * pooled connections. The JDK's {@link HttpClient} hands every exchange to its selector thread and executor and
     * back: 44 % of the gateway's CPU under load went to that machinery (docs/adr/0016). Nothing is added to or
     * taken from the message beyond what a proxy must: no compression, cookies, redirects or User-Agent of its own.
     */
    @Bean
    CloseableHttpClient upstreamHttpClient(GatewayProperties properties, DnsResolver upstreamNames) {
        Timeout answer = Timeout.of(properties.upstreamTimeout());
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(upstreamNames)
                        .setMaxConnPerRoute(CONNECTIONS_PER_SIDE)
                        .setMaxConnTotal(2 * CONNECTIONS_PER_SIDE)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                                .setSocketTimeout(answer)
                                // A connection idle this long is checked before reuse: the service may have closed it.
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                // Kept-alive connections are renewed now and then, so that a replica added later
                                // (or back from a restart) gets its share of them.
                                .setTimeToLive(TimeValue.of(properties.upstreamConnectionTtl()))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(CONNECT_TIMEOUT))
                        .setResponseTimeout(answer)
                        .build())
                .setRetryStrategy(new RepeatReadsOnStaleConnections())
                .evictIdleConnections(TimeValue.ofSeconds(10))
                .disableContentCompression()
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableAuthCaching()
                .disableDefaultUserAgent()
                .build();
    }

    /** The services' names resolve through the system's resolver; connections go to their addresses in turn. */
    @Bean
    DnsResolver upstreamNames() {
        return new RoundRobinDnsResolver(SystemDefaultDnsResolver.INSTANCE);
    }

    /** The health indicator asks both services at once, so it keeps an asynchronous client of its own. */
    @Bean
    HttpClient healthCheckClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
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
                                                             CloseableHttpClient upstreamHttpClient, ObjectMapper json,
                                                             MeterRegistry meters) {
        var servlet = new ApiProxyServlet(routes, properties, upstreamHttpClient, json, meters);
        var registration = new ServletRegistrationBean<>(servlet, "/api/v3/*");
        registration.setName("apiProxy");
        return registration;
    }

    /**
     * A pooled connection the service closed while it sat idle fails the next request before any answer. A read
     * (GET) is then sent once more on a fresh connection; a write is not: it may have reached the service, and the
     * client decides (503, see docs/faults.md). Answers are never retried, a 503 included.
     */
    static final class RepeatReadsOnStaleConnections implements HttpRequestRetryStrategy {
        private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

        @Override
        public boolean retryRequest(HttpRequest request, IOException failure, int execCount, HttpContext context) {
            return execCount == 1 && failure instanceof NoHttpResponseException
                    && SAFE_METHODS.contains(request.getMethod());
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }
}
