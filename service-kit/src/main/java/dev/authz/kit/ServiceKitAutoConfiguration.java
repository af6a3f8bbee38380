package dev.authz.kit;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.kit.pool.UserPools;
import dev.authz.kit.security.InMemoryNonceStore;
import dev.authz.kit.security.InternalTokenFilter;
import dev.authz.kit.security.NonceStore;
import dev.authz.kit.security.SignatureVerifier;
import dev.authz.kit.security.SignedRequestFilter;
import dev.authz.kit.web.ApiExceptionHandler;
import dev.authz.kit.web.UnstorableTextGuard;
import dev.authz.kit.web.ClientAddresses;
import dev.authz.kit.web.EnvelopeWriter;
import dev.authz.kit.web.RequestLogFilter;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * What both services share on the web edge: user pools, signature verification, the envelope for errors,
 * strict JSON binding. Each service supplies its own shared {@link NonceStore}.
 */
@AutoConfiguration
public class ServiceKitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public UserPools userPools(@Value("${authz.user-pools:}") String spec) {
        return UserPools.parse(spec);
    }

    @Bean
    public SignatureVerifier signatureVerifier(UserPools pools, Clock clock,
                                               @Value("${authz.signature.max-clock-skew:15m}") Duration skew) {
        return new SignatureVerifier(pools, clock, skew);
    }

    @Bean
    @ConditionalOnMissingBean
    public NonceStore inMemoryNonceStore(Clock clock) {
        LoggerFactory.getLogger(ServiceKitAutoConfiguration.class)
                .warn("No shared NonceStore configured: replayed requests are detected by this instance only");
        return new InMemoryNonceStore(clock);
    }

    @Bean
    public EnvelopeWriter envelopeWriter(ObjectMapper mapper) {
        return new EnvelopeWriter(mapper);
    }

    /** Whose X-Forwarded-For is believed: see {@link ClientAddresses}. */
    @Bean
    public ClientAddresses clientAddresses(
            @Value("${authz.trusted-proxies:" + ClientAddresses.DEFAULT_TRUSTED + "}") String trustedProxies) {
        return ClientAddresses.trusting(trustedProxies);
    }

    @Bean
    public FilterRegistrationBean<SignedRequestFilter> signedRequestFilter(
            SignatureVerifier verifier, NonceStore nonces, EnvelopeWriter envelopes, ClientAddresses clients,
            @Value("${authz.max-body-bytes:2097152}") int maxBodyBytes) {
        FilterRegistrationBean<SignedRequestFilter> registration = new FilterRegistrationBean<>(
                new SignedRequestFilter(verifier, nonces, envelopes, clients, maxBodyBytes));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /** Outside the signature check, so refused requests get their line too. */
    @Bean
    public FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
        FilterRegistrationBean<RequestLogFilter> registration = new FilterRegistrationBean<>(new RequestLogFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.addUrlPatterns("/api/*", "/internal/*");
        return registration;
    }

    @Bean
    public FilterRegistrationBean<InternalTokenFilter> internalTokenFilter(
            @Value("${authz.internal-token:}") String token) {
        // Without a configured token the internal endpoints accept nothing: a random one nobody knows.
        String effective = token.isBlank() ? UUID.randomUUID().toString() : token;
        FilterRegistrationBean<InternalTokenFilter> registration =
                new FilterRegistrationBean<>(new InternalTokenFilter(effective));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/internal/*");
        return registration;
    }

    @Bean
    public ApiExceptionHandler apiExceptionHandler() {
        return new ApiExceptionHandler();
    }

    @Bean
    public UnstorableTextGuard unstorableTextGuard() {
        return new UnstorableTextGuard();
    }

    /**
     * Strict binding: a number where a string belongs (or the reverse) is a wrong type, not something to
     * coerce; deep nesting is refused early.
     */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxStringLength(1_000_000).build());
            mapper.coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            for (LogicalType type : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
                mapper.coercionConfigFor(type)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
            }
            mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        });
    }
}
