package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.CustomFieldDefinition;
import dev.authz.api.event.CustomFieldDefinition.Option;
import dev.authz.api.event.CustomFieldsSet;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CustomFieldReadsTest extends IntegrationTestBase {

    private static CustomFieldDefinition field(String targetType, String key, String dataType, String label,
                                               List<Option> options) {
        return new CustomFieldDefinition(targetType, key, dataType, label, null, false, false, false, true, false,
                options);
    }

    private JsonNode customFields(SignedClient client, String targetType) {
        SignedClient.Response response = client.get("/api/v3/get-custom-fields", Map.of("targetType", targetType));
        assertThat(response.statusCode()).as(response.message()).isEqualTo(200);
        return response.data();
    }

    @Test
    void getCustomFieldsListsThePoolsFieldsOfATargetTypeOldestFirstWithTheirLatestDefinition() {
        String schema = "custom-fields-" + unique("schema");
        String school = unique("school");
        String age = unique("age");
        List<Option> schools = List.of(new Option("pku", "北京大学"), new Option("麻省理工", "mit"));
        publishAndWait(new CustomFieldsSet(POOL_A, schema, List.of(field("USER", school, "ENUM", "学校", schools),
                field("ROLE", school, "STRING", "Role school", List.of()))));
        publishAndWait(new CustomFieldsSet(POOL_A, schema, List.of(field("USER", age, "NUMBER", "年龄", List.of()))));
        publishAndWait(new CustomFieldsSet(POOL_A, schema, List.of(field("USER", school, "ENUM", "School", schools))));

        JsonNode userFields = customFields(poolA(), "USER");
        List<String> keys = new java.util.ArrayList<>();
        userFields.forEach(f -> keys.add(f.path("key").asText()));
        assertThat(keys).containsSubsequence(school, age);
        JsonNode schoolField = userFields.get(keys.indexOf(school));
        assertThat(schoolField.path("label").asText()).as("the latest definition").isEqualTo("School");
        assertThat(schoolField.path("dataType").asText()).isEqualTo("ENUM");
        assertThat(schoolField.path("options").get(1).path("value").asText()).isEqualTo("麻省理工");
        assertThat(schoolField.path("isUnique").asBoolean(true)).isFalse();
        assertThat(schoolField.path("visibleInAdminConsole").asBoolean()).isTrue();
        assertThat(schoolField.path("createdAt").asText()).endsWith("Z");

        JsonNode roleFields = customFields(poolA(), "ROLE");
        assertThat(roleFields).anySatisfy(f -> assertThat(f.path("label").asText()).isEqualTo("Role school"));
        assertThat(customFields(poolB(), "USER")).noneSatisfy(f -> assertThat(f.path("key").asText()).isEqualTo(school));
    }

    @Test
    void theTargetTypeIsRequiredAndChecked() {
        for (Map<String, ?> params : List.of(Map.<String, Object>of(), Map.of("targetType", "APP"))) {
            SignedClient.Response refused = poolA().get("/api/v3/get-custom-fields", params);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.message()).startsWith("参数 targetType 格式错误");
        }
        assertThat(customFields(poolA(), "DEPARTMENT").isArray()).isTrue();
    }
}
