package dev.authz.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario measured: its parameters, one {@link Stats.Summary} per measured phase, derived figures (ratios,
 * load times, ...) and notes for the reader. Serialized as is into the result file.
 */
public final class ScenarioResult {
    private final String scenario;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final List<Stats.Summary> phases = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();

    /** A goal the result is held to: {@code measured} must not exceed {@code limit} (same unit). */
    public record Target(String name, double measured, double limit, String unit) {
        public boolean met() {
            return measured <= limit;
        }
    }

    public ScenarioResult(String scenario) {
        this.scenario = scenario;
    }

    public ScenarioResult parameter(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    public Stats.Summary phase(Stats stats) {
        Stats.Summary summary = stats.summary();
        phases.add(summary);
        return summary;
    }

    public ScenarioResult figure(String name, Object value) {
        figures.put(name, value instanceof Double d ? Stats.round(d, 3) : value);
        return this;
    }

    /** Records a goal; results with goals also get a chart next to their JSON file. */
    public ScenarioResult target(String name, double measured, double limit, String unit) {
        targets.add(new Target(name, Stats.round(measured, 2), limit, unit));
        return this;
    }

    public ScenarioResult note(String note) {
        notes.add(note);
        return this;
    }

    public String getScenario() {
        return scenario;
    }

    public Map<String, Object> getParameters() {
        return parameters;
    }

    public List<Stats.Summary> getPhases() {
        return phases;
    }

    public Map<String, Object> getFigures() {
        return figures;
    }

    public List<Target> getTargets() {
        return targets;
    }

    public List<String> getNotes() {
        return notes;
    }
}
