package dev.authz.command;

import dev.authz.kit.client.SignedClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs the hostile-input corpus (devstack HostileInputEndToEndTest) found answered with a 500: each is now a
 * parameter error envelope, and nothing is written.
 */
class HostileParametersIntegrationTest extends CommandSideTestBase {

    private static void assertInvalid(SignedClient.Response response, String parameter) {
        assertThat(response.status()).as(String.valueOf(response.body())).isEqualTo(200);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.message()).isEqualTo("参数 " + parameter + " 格式错误");
    }

    @Test
    void aNulCharacterInACodeIsAParameterErrorNotAFailedDatabaseLookup() {
        long before = domainEvents();
        assertInvalid(poolA.postBytes("/api/v3/delete-namespace",
                "{\"code\":\"ab\\u0000cd\"}".getBytes(StandardCharsets.UTF_8), "application/json"), "code");
        assertInvalid(poolA.postBytes("/api/v3/assign-role", ("{\"code\":\"r\",\"namespace\":\"a\\u0000b\","
                + "\"targets\":[{\"targetType\":\"USER\",\"targetIdentifier\":\"u\"}]}").getBytes(StandardCharsets.UTF_8),
                "application/json"), "namespace");
        assertInvalid(poolA.postBytes("/api/v3/create-roles-batch",
                "{\"list\":[{\"code\":\"r\",\"namespace\":\"a\\u0000\"}]}".getBytes(StandardCharsets.UTF_8),
                "application/json"), "list");
        assertInvalid(poolA.getRaw("/api/v3/get-department-history", "organizationCode=a%00b&departmentId=d"),
                "organizationCode");
        assertThat(domainEvents()).isEqualTo(before);
    }

    @Test
    void anUnpairedSurrogateIsAParameterError() {
        assertInvalid(poolA.postBytes("/api/v3/create-group",
                "{\"code\":\"g\",\"name\":\"x\\ud800\"}".getBytes(StandardCharsets.UTF_8), "application/json"), "name");
    }

    @Test
    void aBracketedParameterNameOnAParameterObjectIsAParameterError() {
        assertInvalid(poolA.getRaw("/api/v3/get-group-history", "code=g&aggregateId%5B%24ne%5D=x"), "aggregateId");
        assertInvalid(poolA.getRaw("/api/v3/get-group-as-of", "code=g&at=2026-01-01T00:00:00Z&page%5Bx%5D=1"), "page");
    }
}
