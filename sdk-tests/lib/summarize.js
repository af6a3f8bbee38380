#!/usr/bin/env node
// Prints a compact summary of a Jest --json result file:
//   per spec file: pass/fail counts, failing test titles with the first line
//   of the failure, suite-level errors (hooks, compile errors), exclusions.
// Usage: node lib/summarize.js <jest-json> [<title>]
const fs = require("fs");
const path = require("path");
const { readExclusions, matches, sdkDir } = require("./exclusions");

const [file, title = "SDK spec summary"] = process.argv.slice(2);
const strip = (s) => String(s || "").replace(/\u001b\[[0-9;]*m/g, "");
// First meaningful lines of a failure (message + expected/received), no stack.
const firstLine = (s) => {
  const out = [];
  for (const l of strip(s).split("\n").map((x) => x.trim())) {
    if (l.startsWith("at ")) break;
    if (l && !/^●/.test(l)) out.push(l);
    if (out.length === 3) break;
  }
  return out.join(" | ");
};

if (!file || !fs.existsSync(file)) {
  console.error(`\n${title}: no Jest result file (${file}); Jest did not get as far as running tests.`);
  process.exit(0);
}
const res = JSON.parse(fs.readFileSync(file, "utf8"));
const rel = (p) => {
  const i = p.lastIndexOf(`${path.sep}test${path.sep}`);
  return i >= 0 ? p.slice(i + 6) : path.relative(process.cwd(), p);
};

const line = "=".repeat(78);
console.log(`\n${line}\n${title}\n${line}`);
const suites = [...res.testResults].sort((a, b) => (a.name < b.name ? -1 : 1));
let suiteErrors = 0;
for (const s of suites) {
  const tests = s.assertionResults || [];
  const passed = tests.filter((t) => t.status === "passed").length;
  const failed = tests.filter((t) => t.status === "failed");
  const skipped = tests.length - passed - failed.length;
  const suiteFailedWithoutTests = s.status === "failed" && failed.length === 0;
  const mark = s.status === "passed" ? "PASS" : "FAIL";
  console.log(
    `${mark}  ${rel(s.name).padEnd(52)} ${String(passed).padStart(3)} passed  ${String(failed.length).padStart(3)} failed` +
      (skipped ? `  ${skipped} skipped` : "")
  );
  for (const t of failed) {
    const name = [...(t.ancestorTitles || []), t.title].join(" › ");
    console.log(`        ✗ ${name}\n            ${firstLine((t.failureMessages || [])[0]).slice(0, 400)}`);
  }
  // Errors outside tests (beforeAll/afterAll hooks, compile errors, ...).
  const msg = strip(s.message || s.failureMessage || "");
  const suiteLevel = msg.split(/\n\s*● /).filter((b) => /^Test suite failed to run/.test(b.trim()));
  if (suiteFailedWithoutTests || suiteLevel.length) {
    suiteErrors++;
    const detail = suiteLevel.length ? firstLine(suiteLevel[0].replace(/^[\s\S]*?Test suite failed to run/, "")) : firstLine(msg);
    console.log(`        ! suite error (hook/compile): ${detail.slice(0, 200)}`);
  }
}
const ex = readExclusions();
if (ex.length) {
  console.log(`\nExcluded specs (${ex.length}):`);
  const testDir = path.join(sdkDir(), "test");
  const all = [];
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).forEach((f) =>
    f.isDirectory() ? walk(path.join(d, f.name)) : all.push(path.join(d, f.name)));
  walk(testDir);
  for (const e of ex) {
    const hit = all.some((f) => matches(e, f));
    console.log(`  - ${e.spec}  # ${e.reason || "(no reason given!)"}  [${e.source}]${hit ? "" : "  WARNING: matches no spec file"}`);
  }
}
console.log(
  `\nSuites: ${res.numPassedTestSuites} passed, ${res.numFailedTestSuites} failed, ${res.numTotalTestSuites} total` +
    ` | Tests: ${res.numPassedTests} passed, ${res.numFailedTests} failed, ${res.numPendingTests} skipped, ${res.numTotalTests} total` +
    (suiteErrors ? ` | ${suiteErrors} suite(s) with hook/compile errors` : "")
);
console.log(`RESULT: ${res.success ? "PASSED" : "FAILED"}\n${line}`);
