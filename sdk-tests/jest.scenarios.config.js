// Jest config for our own scenario tests (plain JS, no transform).
const path = require("path");

const here = __dirname;
const reportsDir = process.env.SDK_REPORTS_DIR || path.join(here, "reports");

module.exports = {
  rootDir: here,
  roots: ["<rootDir>/scenarios"],
  testMatch: ["**/*.scenario.test.js"],
  testEnvironment: "node",
  transform: {},
  setupFiles: [
    require.resolve("dotenv/config", { paths: [here] }),
    path.join(here, "lib", "axios-error-context.js"),
  ],
  testSequencer: path.join(here, "lib", "alpha-sequencer.js"),
  testTimeout: Number(process.env.SDK_SCENARIOS_TEST_TIMEOUT || 60000),
  watchman: false,
  cacheDirectory: path.join(here, "node_modules", ".cache", "jest-scenarios"),
  reporters: [
    "default",
    [
      require.resolve("jest-junit", { paths: [here] }),
      {
        outputDirectory: reportsDir,
        outputName: process.env.SDK_JUNIT_FILE || "scenarios.xml",
        suiteName: "authing-node-sdk scenarios",
        classNameTemplate: "{filepath}",
        titleTemplate: "{classname} › {title}",
        ancestorSeparator: " › ",
        addFileAttribute: "true",
      },
    ],
  ],
};
