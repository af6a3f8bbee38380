package dev.authz.bench.scenario;

import dev.authz.bench.BenchContext;
import dev.authz.bench.ScenarioResult;

/** One benchmark: sets up its own data (unique to the run), warms up, measures, and says what it measured. */
public interface Scenario {
    ScenarioResult run(BenchContext context);
}
