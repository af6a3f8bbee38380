package dev.authz.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom field definitions and user existence through the gateway, each read right after its write. */
class UsersEndToEndTest {
    private static SignedClient client;

    @BeforeAll
    static void start() {
        client = SystemUnderTest.client();
    }

    @Test
    void aCustomFieldIsListedRightAfterItIsSetAndAChangeKeepsItsCreationTime() {
        String key = "f" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        SignedClient.Response set = client.post("/api/v3/set-custom-fields", Map.of("list", List.of(Map.of(
                "targetType", "DEPARTMENT", "key", key, "dataType", "ENUM", "label", "Level",
                "options", List.of(Map.of("value", "1", "label", "One"))))));
        assertThat(set.statusCode()).as(set.body().toString()).isEqualTo(200);
        assertThat(set.header("x-authz-consistency")).isEqualTo("applied");
        assertThat(field(key).path("label").asText()).isEqualTo("Level");

        SignedClient.Response relabelled = client.post("/api/v3/set-custom-fields", Map.of("list", List.of(Map.of(
                "targetType", "DEPARTMENT", "key", key, "label", "Rank"))));
        assertThat(relabelled.statusCode()).isEqualTo(200);
        JsonNode listed = field(key);
        assertThat(listed.path("label").asText()).isEqualTo("Rank");
        assertThat(listed.path("dataType").asText()).isEqualTo("ENUM");
        assertThat(listed.path("createdAt").asText()).isEqualTo(set.data().get(0).path("createdAt").asText());
    }

    @Test
    void isUserExistsSeesACreatedUserAtOnceAndForgetsItOnceDeleted() {
        String username = "exists-" + UUID.randomUUID();
        String userId = client.post("/api/v3/create-user", Map.of("username", username)).data().path("userId").asText();
        assertThat(exists(username)).isTrue();
        assertThat(client.post("/api/v3/delete-users-batch", Map.of("userIds", List.of(userId))).statusCode())
                .isEqualTo(200);
        assertThat(exists(username)).isFalse();
    }

    private static JsonNode field(String key) {
        SignedClient.Response fields = client.get("/api/v3/get-custom-fields", Map.of("targetType", "DEPARTMENT"));
        assertThat(fields.statusCode()).isEqualTo(200);
        for (JsonNode field : fields.data()) {
            if (field.path("key").asText().equals(key)) {
                return field;
            }
        }
        throw new AssertionError("custom field " + key + " not listed: " + fields.data());
    }

    private static boolean exists(String username) {
        SignedClient.Response response = client.post("/api/v3/is-user-exists", Map.of("username", username));
        assertThat(response.statusCode()).as(response.body().toString()).isEqualTo(200);
        return response.data().path("exists").asBoolean();
    }
}
