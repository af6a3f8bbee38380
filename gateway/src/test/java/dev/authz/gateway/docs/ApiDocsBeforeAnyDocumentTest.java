package dev.authz.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.authz.api.web.ApiResponse;
import dev.authz.gateway.GatewayProperties;
import dev.authz.gateway.RouteTable;
import java.net.URI;
import java.time.Duration;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;

/** A gateway that never got a document from one of the services: 503, never half an API. */
class ApiDocsBeforeAnyDocumentTest {

    @Test
    void answers503InTheSdksEnvelope() throws Exception {
        try (DocsServer commandSide = new DocsServer(ApiDocsTest.COMMAND_DOCS);
             DocsServer querySide = new DocsServer(null);
             CloseableHttpClient client = HttpClients.createDefault()) {
            var properties = new GatewayProperties(URI.create(commandSide.url()), URI.create(querySide.url()),
                    Duration.ofSeconds(5), DataSize.ofMegabytes(2), Duration.ofSeconds(60));
            var controller = new ApiDocsController(new RouteTable(), properties, client, new ObjectMapper(),
                    Duration.ofSeconds(10));

            ResponseEntity<Object> answer = controller.apiDocs(null);

            assertThat(answer.getStatusCode().value()).isEqualTo(503);
            ApiResponse<?> envelope = (ApiResponse<?>) answer.getBody();
            assertThat(envelope.statusCode()).isEqualTo(503);
            assertThat(envelope.apiCode()).isEqualTo(50301);
            assertThat(querySide.requests()).isEqualTo(1);
        }
    }
}
