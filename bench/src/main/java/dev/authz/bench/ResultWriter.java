package dev.authz.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one JSON file per scenario run ({@code <out>/<yyyyMMdd-HHmmss>-<scenario>.json}) and prints the summary
 * table. The file holds the machine, the options, and the {@link ScenarioResult}.
 */
public final class ResultWriter {
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path out;
    private final Map<String, Object> environment;

    public ResultWriter(Path out, Map<String, Object> environment) {
        this.out = out;
        this.environment = environment;
    }

    public Path write(ScenarioResult result, Instant started, Instant finished) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("scenario", result.getScenario());
        document.put("startedAt", started.toString());
        document.put("finishedAt", finished.toString());
        document.put("wallSeconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        document.putAll(environment);
        document.put("parameters", result.getParameters());
        document.put("phases", result.getPhases());
        document.put("figures", result.getFigures());
        document.put("notes", result.getNotes());
        if (!result.getTargets().isEmpty()) {
            document.put("targets", result.getTargets());
        }
        try {
            Files.createDirectories(out);
            Path file = out.resolve(FILE_TIME.format(started) + "-" + result.getScenario() + ".json");
            Files.writeString(file, JSON.writeValueAsString(document) + System.lineSeparator(), StandardCharsets.UTF_8);
            if (!result.getTargets().isEmpty()) {
                TargetsChart.write(result.getTargets(),
                        TargetsChart.title(result.getScenario(), FILE_TIME.format(started), environment.get("runId")),
                        TargetsChart.pngBeside(file));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The human-readable table: one row per phase, then the figures and notes. */
    public static String table(ScenarioResult result) {
        StringBuilder text = new StringBuilder();
        text.append(System.lineSeparator()).append("== ").append(result.getScenario()).append(' ')
                .append(result.getParameters()).append(System.lineSeparator());
        String format = "%-52s %8s %6s %9s %11s %9s %9s %9s %9s%n";
        text.append(format.formatted("phase", "count", "errors", "ops/s", "units/s", "p50 ms", "p90 ms", "p99 ms", "max ms"));
        for (Stats.Summary s : result.getPhases()) {
            text.append(format.formatted(clip(s.name(), 52), s.count(), s.errors(), fmt(s.opsPerSec()),
                    s.units() == s.count() ? "" : fmt(s.unitsPerSec()), fmt(s.p50Ms()), fmt(s.p90Ms()), fmt(s.p99Ms()),
                    fmt(s.maxMs())));
            if (!s.tags().isEmpty()) {
                text.append("    tags ").append(s.tags()).append(System.lineSeparator());
            }
            if (!s.errorSamples().isEmpty()) {
                text.append("    errors e.g. ").append(s.errorSamples()).append(System.lineSeparator());
            }
        }
        result.getFigures().forEach((name, value) ->
                text.append("  ").append(name).append(" = ").append(value).append(System.lineSeparator()));
        result.getTargets().forEach(target -> text.append("  target %s: %s %s (limit %s) %s%n".formatted(target.name(),
                fmt(target.measured()), target.unit(), fmt(target.limit()), target.met() ? "MET" : "MISSED")));
        result.getNotes().forEach(note -> text.append("  note: ").append(note).append(System.lineSeparator()));
        return text.toString();
    }

    private static String fmt(double value) {
        return value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
