package dev.authz.api.event;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/asyncapi.yaml documents exactly the registered event types, at their current versions. */
class AsyncApiDocumentTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));
    private static final Path DOCUMENT = MODULE.resolve("../docs/asyncapi.yaml").normalize();
    private static final String REWRITE = "mvn -o -pl shared-api verify -Dtest=AsyncApiDocumentTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dasyncapi.write=true";

    @Test
    void everyRegisteredEventTypeIsDocumentedAtItsVersion() throws IOException {
        JsonNode messages = AsyncApiDocument.parse(Files.readString(DOCUMENT)).path("components").path("messages");
        List<String> documented = new ArrayList<>();
        messages.fieldNames().forEachRemaining(documented::add);
        List<String> registered = EventTypes.ALL.stream().map(EventTypes::nameOf).toList();
        assertThat(documented).as("messages in %s (rewrite it: %s)", DOCUMENT, REWRITE)
                .containsExactlyInAnyOrderElementsOf(registered);
        for (Class<? extends DomainEvent> eventClass : EventTypes.ALL) {
            String name = EventTypes.nameOf(eventClass);
            int version = EventTypes.versionOf(eventClass);
            JsonNode message = messages.path(name);
            assertThat(message.path("x-schema-version").asInt()).as(name + " version").isEqualTo(version);
            assertThat(message.path("headers").findValue("ce_type").path("const").asText()).as(name + " ce_type")
                    .isEqualTo(CloudEventHeaders.ceType(name, version));
        }
    }

    @Test
    void documentIsWhatTheContractGenerates() throws IOException {
        String generated = new AsyncApiDocument(MODULE.resolve("src/main/java")).yaml();
        if (Boolean.getBoolean("asyncapi.write")) {
            Files.writeString(DOCUMENT, generated);
        }
        assertThat(Files.readString(DOCUMENT)).as("%s is stale: rewrite it with %s", DOCUMENT, REWRITE)
                .isEqualTo(generated);
    }

    @Test
    void payloadSchemasFollowTheRecords() throws IOException {
        JsonNode schemas = new AsyncApiDocument(MODULE.resolve("src/main/java")).document()
                .path("components").path("schemas");
        JsonNode revoked = schemas.path("ResourceAuthorizationsRevoked");
        assertThat(revoked.path("properties").path("allResources").path("type").asText()).isEqualTo("boolean");
        assertThat(revoked.path("properties").path("resourceCodes").path("items").path("type").asText())
                .isEqualTo("string");
        assertThat(revoked.path("required").toString()).contains("\"poolId\"", "\"allResources\"");
        JsonNode created = schemas.path("UserCreated").path("properties");
        assertThat(created.path("userId").path("type").asText()).as("the aggregate id is never null").isEqualTo("string");
        assertThat(created.path("profile").path("oneOf").get(0).path("$ref").asText())
                .isEqualTo("#/components/schemas/UserProfile");
        assertThat(schemas.path("UserProfile").has("required")).as("UserProfile omits nulls").isFalse();
        assertThat(schemas.path("RoleAssigned").path("properties").path("enableTime").path("format").asText())
                .isEqualTo("int64");
    }
}
