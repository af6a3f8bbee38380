package dev.authz.kit.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * One scrape of a service's {@code /actuator/prometheus}, for tests that assert a metric moved: {@link #value} sums
 * the samples of a metric whose labels include the given ones.
 */
public record PrometheusScrape(String text) {

    public static PrometheusScrape of(String baseUrl) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("scrape answered " + response.statusCode() + ": " + response.body());
            }
            return new PrometheusScrape(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sum of the samples named {@code metric} carrying every label given as {@code "name=value"}; 0 when there
     * is none (a counter not incremented yet); NaN when a matching sample is NaN.
     */
    public double value(String metric, String... labels) {
        return text.lines()
                .filter(line -> !line.startsWith("#"))
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> Arrays.stream(labels).allMatch(label -> line.contains("{" + quoted(label))
                        || line.contains("," + quoted(label))))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Whether any sample of the metric is exposed at all. */
    public boolean has(String metric) {
        return text.lines().anyMatch(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "));
    }

    private static String quoted(String label) {
        int equals = label.indexOf('=');
        return label.substring(0, equals) + "=\"" + label.substring(equals + 1) + "\"";
    }
}
