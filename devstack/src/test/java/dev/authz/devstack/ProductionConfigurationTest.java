package dev.authz.devstack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production shape stays consistent with the code: docker-compose.yml runs the three images with their
 * dependencies healthy first and 512 MiB each, and every environment variable a service reads, or compose sets for
 * it, is in the README's configuration table.
 */
class ProductionConfigurationTest {
    private static final Path REPO = ServiceJars.locate().repoRoot();
    private static final List<String> SERVICES = List.of("command-side", "query-side", "gateway");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern TABLE_VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheServiceImagesOnceWhatTheyNeedIsHealthy() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(REPO.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("kafka", "postgres", "mongo", "command-side", "query-side", "gateway");
        services.forEach((name, service) ->
                assertThat(service).as(name + " healthcheck").containsKey("healthcheck"));
        for (String name : SERVICES) {
            Map<String, Object> service = services.get(name);
            assertThat(service.get("image")).as(name).isEqualTo("${AUTHZ_IMAGE_PREFIX:-}authz/" + name + ":${AUTHZ_VERSION:-latest}");
            assertThat(service.get("mem_limit")).as(name).isEqualTo("512m");
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
            assertThat(dependsOn).as(name).isNotEmpty();
            dependsOn.forEach((dependency, condition) -> assertThat(condition)
                    .as(name + " waits for " + dependency).containsEntry("condition", "service_healthy"));
            Map<String, Object> environment = (Map<String, Object>) service.get("environment");
            assertThat(environment).as(name).containsKeys("AUTHZ_USER_POOLS", "AUTHZ_INTERNAL_TOKEN", "SERVER_PORT");
            assertThat(documentedVariables()).as("README configuration table vs compose's " + name)
                    .containsAll(environment.keySet());
        }
        assertThat(((Map<String, Object>) services.get("gateway").get("depends_on")).keySet())
                .containsExactlyInAnyOrder("command-side", "query-side");
    }

    @Test
    void everyVariableTheServicesReadIsDocumented() throws IOException {
        Set<String> read = new TreeSet<>();
        for (String service : SERVICES) {
            read.addAll(placeholders(REPO.resolve(service).resolve("src/main/resources/application.properties")));
        }
        read.addAll(placeholders(REPO.resolve("shared-api/src/main/resources/authz-service-defaults.properties")));
        assertThat(read).contains("AUTHZ_LOG_FORMAT", "DATABASE_URL", "MONGODB_URI");
        assertThat(documentedVariables()).containsAll(read);
    }

    private static Set<String> placeholders(Path properties) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(Files.readString(properties));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The variables named in the first column of the README's configuration table. */
    private static Set<String> documentedVariables() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"));
        Set<String> names = new TreeSet<>();
        table.lines().takeWhile(line -> !line.startsWith("## How it works"))
                .filter(line -> line.startsWith("| `"))
                .map(line -> line.split("\\|")[1])
                .forEach(cell -> {
                    Matcher matcher = TABLE_VARIABLE.matcher(cell);
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                });
        return names;
    }
}
