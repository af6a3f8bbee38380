#!/usr/bin/env bash
# Runs our own SDK scenario tests (scenarios/*.scenario.test.js) serially.
#
#   ./run-scenarios.sh [-- <extra jest args, e.g. -t "read-your-writes">]
#
# Env (or .env in this directory): AUTHING_SDK_TEST_HOST,
# AUTHING_SDK_TEST_ACCESS_KEY_ID, AUTHING_SDK_TEST_ACCESS_KEY_SECRET;
# optional AUTHING_SDK_TEST_POOL_B_ID / AUTHING_SDK_TEST_POOL_B_SECRET
# (tenancy test is skipped without them), SDK_SCENARIOS_TEST_TIMEOUT (ms),
# SDK_REPORTS_DIR (default ./reports).
set -uo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)

[ -d node_modules/authing-node-sdk ] || { echo "run-scenarios: run 'npm ci' in $HERE first" >&2; exit 2; }
[ "${1:-}" = "--" ] && shift
case "${1:-}" in -h|--help) sed -n '2,11p' "$0"; exit 0 ;; esac

node -e '
  require("dotenv").config();
  const miss = ["AUTHING_SDK_TEST_HOST","AUTHING_SDK_TEST_ACCESS_KEY_ID","AUTHING_SDK_TEST_ACCESS_KEY_SECRET"].filter(k => !process.env[k]);
  if (miss.length) { console.error("run-scenarios: missing env " + miss.join(", ")); process.exit(2); }
  console.log("host: " + process.env.AUTHING_SDK_TEST_HOST + "   pool A: " + process.env.AUTHING_SDK_TEST_ACCESS_KEY_ID +
    "   pool B: " + (process.env.AUTHING_SDK_TEST_POOL_B_ID || "(not set: tenancy test skipped)"));
' || exit 2

reports=${SDK_REPORTS_DIR:-$HERE/reports}
mkdir -p "$reports"
json="$reports/scenarios.json"
rm -f "$json"

SDK_REPORTS_DIR="$reports" SDK_JUNIT_FILE=scenarios.xml \
  node node_modules/jest/bin/jest.js \
    --config "$HERE/jest.scenarios.config.js" \
    --runInBand --ci \
    --json --outputFile "$json" \
    "$@"
rc=$?

SDK_SPECS_EXCLUDE_FILE=/dev/null node lib/summarize.js "$json" "authing-node-sdk@4.0.1 scenarios"
echo "JUnit report: $reports/scenarios.xml"
exit $rc
