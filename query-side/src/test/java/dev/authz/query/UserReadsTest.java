package dev.authz.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.authz.api.event.UserCreated;
import dev.authz.api.event.UserDeleted;
import dev.authz.api.event.UserUpdated;
import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UserReadsTest extends IntegrationTestBase {

    private UserCreated fullUser() {
        String name = unique("user");
        return new UserCreated(POOL_A, newId(), profile(Map.of("username", name, "email", name + "@Example.com",
                "phone", "138" + (10_000_000 + (long) (Math.random() * 89_999_999)), "phoneCountryCode", "+86",
                "externalId", unique("ext"), "name", "Full Name", "gender", "M", "emailVerified", true,
                "customData", Map.of("school", "mit"))));
    }

    private JsonNode getUser(Map<String, ?> params) {
        SignedClient.Response response = poolA().get("/api/v3/get-user", params);
        assertThat(response.statusCode()).as(response.message()).isEqualTo(200);
        return response.data();
    }

    @Test
    void getUserByEveryIdentifierType() {
        UserCreated user = fullUser();
        publishAndWait(user);
        String email = user.profile().email().toLowerCase();
        for (Map<String, String> params : List.of(Map.of("userId", user.userId()),
                Map.of("userIdType", "user_id", "userId", user.userId()),
                Map.of("userIdType", "username", "userId", user.profile().username()),
                Map.of("userIdType", "email", "userId", email),
                Map.of("userIdType", "email", "userId", email.toUpperCase()),
                Map.of("userIdType", "phone", "userId", user.profile().phone()),
                Map.of("userIdType", "external_id", "userId", user.profile().externalId()))) {
            JsonNode found = getUser(params);
            assertThat(found.path("userId").asText()).as(params.toString()).isEqualTo(user.userId());
            assertThat(found.path("email").asText()).isEqualTo(email);
        }
    }

    @Test
    void userDtoCarriesTheSdkDefaultsAndOptionalPartsOnlyWhenAsked() {
        UserCreated user = fullUser();
        publishAndWait(user);
        JsonNode plain = getUser(Map.of("userId", user.userId()));
        assertThat(plain.path("status").asText()).isEqualTo("Activated");
        assertThat(plain.path("photo").asText()).startsWith("https://");
        assertThat(plain.path("loginsCount").asInt()).isZero();
        assertThat(plain.has("lastLogin")).isTrue();
        assertThat(plain.path("lastLogin").isNull()).isTrue();
        assertThat(plain.path("lastIp").isNull()).isTrue();
        assertThat(plain.path("userSourceType").asText()).isEqualTo("adminCreated");
        assertThat(plain.path("createdAt").asText()).endsWith("Z");
        assertThat(plain.path("customData").isMissingNode() || plain.path("customData").isNull()).isTrue();
        assertThat(plain.path("departmentIds").isArray()).isFalse();
        assertThat(plain.path("identities").isArray()).isFalse();

        JsonNode full = getUser(Map.of("userId", user.userId(), "withCustomData", true, "withIdentities", true,
                "withDepartmentIds", true));
        assertThat(full.path("customData").path("school").asText()).isEqualTo("mit");
        assertThat(full.path("departmentIds").isArray()).isTrue();
        assertThat(full.path("identities").isArray()).isTrue();
    }

    @Test
    void getUserErrorsMatchTheSdkSpecs() {
        assertThat(poolA().get("/api/v3/get-user", Map.of("userIdType", "user_id", "userId", "test")).message())
                .contains("用户不存在");
        assertThat(poolA().get("/api/v3/get-user", Map.of("userIdType", "email", "userId", "test#x.com")).message())
                .isEqualTo("参数 userId 格式错误");
        assertThat(poolA().get("/api/v3/get-user", Map.of("userIdType", "phone", "userId", "1234567890#")).message())
                .isEqualTo("参数 userId 格式错误");
        assertThat(poolA().get("/api/v3/get-user", Map.of("userIdType", "phone", "userId", "212-456-1111")).message())
                .contains("用户不存在");
        assertThat(poolA().get("/api/v3/get-user", Map.of("userIdType", "nickname", "userId", "x")).message())
                .isEqualTo("参数 userIdType 格式错误");
        SignedClient.Response empty = poolA().get("/api/v3/get-user-groups", Map.of("userId", ""));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.message()).isEqualTo("参数 userId 格式错误");
    }

    @Test
    void updatesMoveLookupKeysAndDeletionRemovesTheUser() {
        UserCreated user = fullUser();
        publishAndWait(user);
        String newName = unique("renamed");
        Map<String, Object> changed = new HashMap<>(Map.of("username", newName, "nickname", "Nick"));
        publishAndWait(new UserUpdated(POOL_A, user.userId(), profile(changed)));

        assertThat(poolA().get("/api/v3/get-user", Map.of("userIdType", "username", "userId",
                user.profile().username())).message()).contains("用户不存在");
        assertThat(poolA().get("/api/v3/get-user", Map.of("userIdType", "email", "userId",
                user.profile().email())).message()).contains("用户不存在");
        JsonNode renamed = getUser(Map.of("userIdType", "username", "userId", newName));
        assertThat(renamed.path("nickname").asText()).isEqualTo("Nick");
        assertThat(renamed.path("email").isNull()).isTrue();

        publishAndWait(new UserDeleted(POOL_A, user.userId()));
        assertThat(poolA().get("/api/v3/get-user", Map.of("userId", user.userId())).message()).contains("用户不存在");
        assertThat(poolA().get("/api/v3/get-user", Map.of("userIdType", "username", "userId", newName)).message())
                .contains("用户不存在");
    }

    @Test
    void getUserBatchAcceptsBothArrayFormsAndRefusesAnEmptyList() {
        UserCreated one = fullUser();
        UserCreated two = fullUser();
        publishAndWait(one, two);
        SignedClient.Response axiosStyle = poolA().get("/api/v3/get-user-batch", Map.of(
                "userIds", List.of(two.userId(), one.userId(), "unknown"), "withCustomData", true,
                "withIdentities", true, "withDepartmentIds", true));
        assertThat(axiosStyle.statusCode()).isEqualTo(200);
        assertThat(axiosStyle.data()).hasSize(2);
        assertThat(axiosStyle.data().get(0).path("userId").asText()).isEqualTo(two.userId());
        assertThat(axiosStyle.data().get(0).path("customData").isObject()).isTrue();
        assertThat(axiosStyle.data().get(0).path("departmentIds").isArray()).isTrue();

        JsonNode commaForm = poolA().get("/api/v3/get-user-batch",
                Map.of("userIds", one.userId() + "," + two.userId())).data();
        assertThat(commaForm).hasSize(2);
        JsonNode byUsername = poolA().get("/api/v3/get-user-batch", Map.of("userIdType", "username",
                "userIds", List.of(one.profile().username()))).data();
        assertThat(byUsername.get(0).path("userId").asText()).isEqualTo(one.userId());

        SignedClient.Response empty = poolA().get("/api/v3/get-user-batch", Map.of());
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.message()).isEqualTo("参数 userIds 格式错误");
    }

    @Test
    void listUsersPagesFiltersAndValidatesLikeTheSdkSpecs() {
        String marker = unique("lu");
        UserCreated alpha = new UserCreated(POOL_A, newId(), profile(Map.of("username", marker + "alpha",
                "status", "Suspended")));
        UserCreated beta = new UserCreated(POOL_A, newId(), profile(Map.of("username", marker + "beta",
                "name", "B.eta*")));
        publishAndWait(alpha);
        publishAndWait(beta);

        SignedClient.Response all = poolA().post("/api/v3/list-users", Map.of("options", Map.of(
                "withCustomData", true, "withIdentities", true, "withDepartmentIds", true)));
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.data().path("totalCount").asLong()).isGreaterThan(0);
        assertThat(all.data().path("list").get(0).path("customData").isObject()).isTrue();
        assertThat(all.data().path("list").get(0).path("identities").isArray()).isTrue();
        JsonNode topLevelFlags = poolA().post("/api/v3/list-users", Map.of("withDepartmentIds", true)).data();
        assertThat(topLevelFlags.path("list").get(0).path("departmentIds").isArray()).isTrue();

        JsonNode byKeyword = poolA().post("/api/v3/list-users", Map.of("keywords", marker)).data();
        assertThat(byKeyword.path("totalCount").asLong()).isEqualTo(2);
        assertThat(byKeyword.path("list").get(0).path("userId").asText()).isEqualTo(beta.userId());
        assertThat(poolA().post("/api/v3/list-users", Map.of("keywords", "b.eta*")).data().path("totalCount")
                .asLong()).isEqualTo(1);
        JsonNode suspended = poolA().post("/api/v3/list-users", Map.of("keywords", marker, "advancedFilter",
                List.of(Map.of("field", "status", "operator", "EQUAL", "value", "Suspended")))).data();
        assertThat(MembershipTest.ids(suspended)).containsExactly(alpha.userId());
        JsonNode contains = poolA().post("/api/v3/list-users", Map.of("advancedFilter",
                List.of(Map.of("field", "username", "operator", "CONTAINS", "value", marker + "BE")))).data();
        assertThat(MembershipTest.ids(contains)).containsExactly(beta.userId());

        assertThat(listUsersMessage(Map.of("options", Map.of("pagination", Map.of("page", 0)))))
                .isEqualTo("参数 page 格式错误");
        assertThat(listUsersMessage(Map.of("options", Map.of("pagination", Map.of("limit", 0)))))
                .isEqualTo("参数 limit 格式错误");
        assertThat(listUsersMessage(Map.of("options", Map.of("pagination", Map.of("limit", 220)))))
                .isEqualTo("limit must less than 50");
        assertThat(listUsersMessage(Map.of("advancedFilter",
                List.of(Map.of("field", "status", "operator", "EQUAL", "value", "invalid")))))
                .isEqualTo("参数 status 格式错误");
    }

    @Test
    void isUserExistsAnswersFromAnyIdentifierAndForgetsDeletedUsers() {
        UserCreated user = fullUser();
        publishAndWait(user);
        assertThat(exists(Map.of("username", user.profile().username()))).isTrue();
        assertThat(exists(Map.of("email", user.profile().email().toUpperCase()))).isTrue();
        assertThat(exists(Map.of("phone", user.profile().phone()))).isTrue();
        assertThat(exists(Map.of("externalId", user.profile().externalId()))).isTrue();
        assertThat(exists(Map.of("username", "username" + Math.random()))).isFalse();
        assertThat(exists(Map.of("username", "username" + Math.random(), "email", user.profile().email())))
                .as("any identifier held is enough").isTrue();
        assertThat(poolB().post("/api/v3/is-user-exists", Map.of("username", user.profile().username())).data()
                .path("exists").asBoolean()).as("another pool").isFalse();

        publishAndWait(new UserDeleted(POOL_A, user.userId()));
        assertThat(exists(Map.of("username", user.profile().username()))).isFalse();

        for (Map<String, ?> none : List.of(Map.<String, Object>of(), Map.of("username", ""), Map.of("name", "x"))) {
            SignedClient.Response refused = poolA().post("/api/v3/is-user-exists", none);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.message()).isEqualTo("参数 username, email, phone, externalId 格式错误");
        }
        assertThat(poolA().post("/api/v3/is-user-exists", Map.of("email", "test#x.com")).message())
                .isEqualTo("参数 email 格式错误");
    }

    @Test
    void listArchivedUsersIsAnEmptyPageWithTheListUsersPagingRules() {
        SignedClient.Response page = poolA().get("/api/v3/list-archived-users", Map.of("page", 1, "limit", 10));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.data().path("totalCount").asLong()).isZero();
        assertThat(page.data().path("list").isArray()).isTrue();
        assertThat(poolA().get("/api/v3/list-archived-users", Map.of("page", 0)).message())
                .isEqualTo("参数 page 格式错误");
        assertThat(poolA().get("/api/v3/list-archived-users", Map.of("limit", 0)).message())
                .isEqualTo("参数 limit 格式错误");
        SignedClient.Response tooMany = poolA().get("/api/v3/list-archived-users", Map.of("limit", 220));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.message()).isEqualTo("limit must less than 50");
        assertThat(poolA().get("/api/v3/list-archived-users", Map.of("startAt", "yesterday")).statusCode())
                .isEqualTo(400);
    }

    private boolean exists(Map<String, ?> identifiers) {
        SignedClient.Response response = poolA().post("/api/v3/is-user-exists", identifiers);
        assertThat(response.statusCode()).as(response.message()).isEqualTo(200);
        return response.data().path("exists").asBoolean();
    }

    private String listUsersMessage(Map<String, ?> body) {
        SignedClient.Response response = poolA().post("/api/v3/list-users", body);
        assertThat(response.statusCode()).isEqualTo(400);
        return response.message();
    }
}
