package dev.authz.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom field definitions and the create-user rules the SDK's user specs rely on, over sockets. */
class UserWritesIntegrationTest extends CommandSideTestBase {

    private static Map<String, Object> field(String key, String dataType, Object... more) {
        Map<String, Object> field = new HashMap<>(Map.of("targetType", "USER", "key", key, "dataType", dataType,
                "label", key + " label"));
        for (int i = 0; i < more.length; i += 2) {
            field.put((String) more[i], more[i + 1]);
        }
        return field;
    }

    private static List<Map<String, String>> schools() {
        return List.of(Map.of("label", "北京大学", "value", "pku"), Map.of("label", "mit", "value", "麻省理工"));
    }

    private long eventsOf(String pool) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, "custom-fields-" + pool);
    }

    @Test
    void setCustomFieldsAsTheSdkSpecsDoThenAgainThenCreateAUserWithAnOptionLabel() {
        String school = unique("school");
        String intro = unique("intro");
        String idCard = unique("idCard");
        List<Map<String, Object>> list = List.of(field(intro, "STRING"),
                field(school, "ENUM", "options", schools()), field(idCard, "STRING", "encrypted", true));

        SignedClient.Response set = poolA.post("/api/v3/set-custom-fields", Map.of("list", list));
        assertThat(set.statusCode()).as(set.body().toString()).isEqualTo(200);
        assertThat(set.message()).isEmpty();
        JsonNode schoolField = set.data().get(1);
        assertThat(schoolField.path("key").asText()).isEqualTo(school);
        assertThat(schoolField.path("dataType").asText()).isEqualTo("ENUM");
        assertThat(schoolField.path("targetType").asText()).isEqualTo("USER");
        assertThat(schoolField.path("options").get(1).path("label").asText()).isEqualTo("mit");
        assertThat(schoolField.path("isUnique").isBoolean()).isTrue();
        assertThat(schoolField.path("createdAt").asText()).endsWith("Z");
        assertThat(set.data().get(2).path("encrypted").asBoolean()).isTrue();
        Map<String, Object> stored = jdbc.queryForMap("SELECT payload_type, convert_from(payload, 'UTF8') AS payload "
                + "FROM domain_event_entry WHERE aggregate_identifier = 'custom-fields-pool-a' "
                + "ORDER BY sequence_number DESC LIMIT 1");
        assertThat(stored.get("payload_type")).isEqualTo("dev.authz.api.event.CustomFieldsSet");
        assertThat((String) stored.get("payload")).contains(school, "\"poolId\":\"pool-a\"");

        // The SDK's specs set the same fields before every run; createUsersBatch sends school without a dataType.
        List<Map<String, Object>> again = List.of(field(intro, "STRING"),
                Map.of("targetType", "USER", "key", school, "label", "学校", "options", schools()));
        SignedClient.Response repeated = poolA.post("/api/v3/set-custom-fields", Map.of("list", again));
        assertThat(repeated.statusCode()).as(repeated.body().toString()).isEqualTo(200);
        assertThat(repeated.data().get(1).path("dataType").asText()).isEqualTo("ENUM");
        assertThat(repeated.data().get(1).path("label").asText()).isEqualTo("学校");
        assertThat(repeated.data().get(1).path("createdAt").asText()).isEqualTo(schoolField.path("createdAt").asText());

        SignedClient.Response user = poolA.post("/api/v3/create-user",
                Map.of("username", unique("u"), "customData", Map.of(school, "mit")));
        assertThat(user.statusCode()).as(user.body().toString()).isEqualTo(200);
        assertThat(user.data().path("customData").path(school).asText()).isEqualTo("mit");
    }

    @Test
    void badDefinitionsAreRefusedWholeAndWriteNothing() {
        String age = unique("age");
        assertThat(poolA.post("/api/v3/set-custom-fields", Map.of("list", List.of(field(age, "NUMBER"))))
                .statusCode()).isEqualTo(200);
        long before = eventsOf("pool-a");

        assertThat(poolA.post("/api/v3/set-custom-fields", Map.of("list", List.of())).message())
                .isEqualTo("参数 list 格式错误");
        Map<Map<String, Object>, String> refusals = Map.of(
                field(unique("f"), "STRING", "targetType", "APP"), "list[1].targetType",
                field("username", "STRING"), "username is a built-in field",
                field("has.dot", "STRING"), "list[1].key",
                field(unique("f"), "SELECT"), "list[1].dataType",
                field(unique("f"), "ENUM", "options", List.of(Map.of("value", "x"))), "list[1].options");
        refusals.forEach((bad, why) -> {
            SignedClient.Response refused = poolA.post("/api/v3/set-custom-fields",
                    Map.of("list", List.of(field(unique("ok"), "STRING"), bad)));
            assertThat(refused.statusCode()).as(bad.toString()).isEqualTo(400);
            assertThat(refused.message()).as(bad.toString()).isEqualTo("参数 list 格式错误");
            assertThat(refused.body().path("detail").asText()).as(bad.toString()).contains(why);
        });
        SignedClient.Response noOptions = poolA.post("/api/v3/set-custom-fields",
                Map.of("list", List.of(field(unique("ok"), "STRING"), field(unique("f"), "ENUM"))));
        assertThat(noOptions.message()).isEqualTo("参数 options 格式错误");
        assertThat(noOptions.body().path("detail").asText()).contains("an ENUM field needs options");
        SignedClient.Response retyped = poolA.post("/api/v3/set-custom-fields",
                Map.of("list", List.of(field(unique("ok"), "STRING"), field(age, "STRING"))));
        assertThat(retyped.statusCode()).isEqualTo(400);
        assertThat(retyped.message()).isEqualTo("自定义字段设置之后不能修改: dataType (USER " + age + ")");
        SignedClient.Response twice = poolA.post("/api/v3/set-custom-fields",
                Map.of("list", List.of(field(age, "NUMBER"), field(age, "NUMBER"))));
        assertThat(twice.message()).startsWith("参数 list 格式错误");
        assertThat(eventsOf("pool-a")).isEqualTo(before);

        // Each pool has its own fields: the same key may be of another type there.
        assertThat(poolB.post("/api/v3/set-custom-fields", Map.of("list", List.of(field(age, "STRING"))))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void createUserRefusesWhatTheSdkSpecsRefuseAndWritesNothing() {
        long before = domainEvents();
        assertThat(poolA.post("/api/v3/create-user", Map.of()).message())
                .isEqualTo("Must contain one of the following fields: username, phone, email");
        assertThat(poolA.post("/api/v3/create-user", Map.of("email", "test1@qqq")).message())
                .isEqualTo("参数 email 格式错误");
        SignedClient.Response tooLong = poolA.post("/api/v3/create-user",
                Map.of("email", unique("e") + "@qq.com", "customData", Map.of("intro", "hello".repeat(205))));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.message()).isEqualTo("customData must be less than 1024 characters");
        SignedClient.Response noPhone = poolA.post("/api/v3/create-user",
                Map.of("phoneCountryCode", "+86", "email", unique("e") + "@qq.com"));
        assertThat(noPhone.statusCode()).isEqualTo(400);
        assertThat(noPhone.message()).isEqualTo("phone cannot be empty");
        assertThat(domainEvents()).isEqualTo(before);
    }
}
