package dev.authz.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.authz.gateway.RouteTable.Side;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {

    private final RouteTable routes = new RouteTable();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            // every GET is a read
            "GET,  /api/v3/get-user,                        QUERY",
            "GET,  /api/v3/create-group,                    QUERY",
            "HEAD, /api/v3/get-group,                       QUERY",
            // reads through POST, by name
            "POST, /api/v3/list-users,                      QUERY",
            "POST, /api/v3/is-action-allowed,               QUERY",
            "POST, /api/v3/search-departments,              QUERY",
            "POST, /api/v3/is-user-exists,                  QUERY",
            "POST, /api/v3/assign-role,                     COMMAND",
            "GET,  /api/v3/search-organizations,            QUERY",
            "POST, /api/v3/get-resource-authorized-targets, QUERY",
            "POST, /api/v3/get-admin-audit-logs,            QUERY",
            // reads through POST, by verb
            "POST, /api/v3/list-group-members,              QUERY",
            "POST, /api/v3/has-any-role,                    QUERY",
            // history and time travel: the command side reads its event store
            "GET,  /api/v3/get-group-history,               COMMAND",
            "GET,  /api/v3/get-user-history,                COMMAND",
            "POST, /api/v3/get-user-history,                COMMAND",
            "GET,  /api/v3/get-department-history,          COMMAND",
            "GET,  /api/v3/get-group-as-of,                 COMMAND",
            "GET,  /api/v3/get-user-authorized-resources-as-of, COMMAND",
            "GET,  /api/v3/is-action-allowed-as-of,         COMMAND",
            "GET,  /api/v3/get-user-authorized-resources,   QUERY",
            "GET,  /api/v3/get-historyless-thing,           QUERY",
            // everything else is a write
            "POST, /api/v3/create-user,                     COMMAND",
            "POST, /api/v3/update-group,                    COMMAND",
            "POST, /api/v3/delete-groups-batch,             COMMAND",
            "POST, /api/v3/add-group-members,               COMMAND",
            "PUT,  /api/v3/get-ish-but-put/create-thing,    COMMAND",
            "DELETE, /api/v3/remove-group-members,          COMMAND",
    })
    void routesReadsToTheQuerySideAndWritesToTheCommandSide(String method, String path, Side expected) {
        assertThat(routes.route(method, path)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/internal/replay", "/api/v3", "/api/v3/", "/api/v2/get-user", "/actuator/health",
            "/api/v3/../internal/replay", "/api/v3/%2e%2e/internal", "/api/v3/get-user;jsessionid=1",
            "/api/v3//get-user", "/api/v3/get-user/"})
    void forwardsNothingOutsideTheApi(String path) {
        assertThat(routes.route("GET", path)).isEmpty();
        assertThat(routes.route("POST", path)).isEmpty();
    }
}
