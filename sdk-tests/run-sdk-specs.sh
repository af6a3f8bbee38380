#!/usr/bin/env bash
# Runs the official authing-node-sdk@4.0.1 Jest specs, unmodified and in place
# (node_modules/authing-node-sdk/test/<area>/*.spec.ts), against a server.
#
#   ./run-sdk-specs.sh <area> [<area> ...] [-- <extra jest args>]
#   ./run-sdk-specs.sh all
#   ./run-sdk-specs.sh --list            # list available areas
#
# Required env (or a .env file in this directory, read via dotenv):
#   AUTHING_SDK_TEST_HOST               e.g. http://127.0.0.1:8080
#   AUTHING_SDK_TEST_ACCESS_KEY_ID      user pool id
#   AUTHING_SDK_TEST_ACCESS_KEY_SECRET  user pool secret
# Optional env:
#   SDK_SPECS_EXCLUDE        extra spec files to skip (comma/space separated)
#   SDK_SPECS_EXCLUDE_FILE   alternative to ./excluded-specs.txt
#   SDK_SPECS_TEST_TIMEOUT   per-test timeout in ms (default 120000)
#   SDK_SPECS_TYPECHECK=1    let ts-jest type-check the specs (they do not
#                            type-check as published; for inspection only)
#   SDK_REPORTS_DIR          default ./reports
# Exit status: 0 if every selected spec passed, non-zero otherwise.
set -uo pipefail
cd "$(dirname "$0")"
HERE=$(pwd)

die() { echo "run-sdk-specs: $*" >&2; exit 2; }

[ -d node_modules/authing-node-sdk/test ] || die "node_modules missing: run 'npm ci' in $HERE first"
SDK_TEST_DIR="$HERE/node_modules/authing-node-sdk/test"

list_areas() { (cd "$SDK_TEST_DIR" && for d in */; do d=${d%/}; [ "$d" = utils ] || echo "$d"; done); }

areas=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; extra=("$@"); break ;;
    --list) list_areas; exit 0 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    all) mapfile -t areas < <(list_areas) ;;
    -*) die "unknown option $1 (jest options go after --)" ;;
    *) areas+=("${1%/}") ;;
  esac
  shift
done
[ ${#areas[@]} -gt 0 ] || { sed -n '2,24p' "$0"; echo; echo "areas:"; list_areas | sed 's/^/  /'; exit 2; }
for a in "${areas[@]}"; do
  [ -d "$SDK_TEST_DIR/$a" ] || die "unknown area '$a' (available: $(list_areas | tr '\n' ' '))"
done

# Check the env the spec workers will see (process env + .env via dotenv).
node -e '
  require("dotenv").config();
  const miss = ["AUTHING_SDK_TEST_HOST","AUTHING_SDK_TEST_ACCESS_KEY_ID","AUTHING_SDK_TEST_ACCESS_KEY_SECRET"].filter(k => !process.env[k]);
  if (miss.length) {
    console.error("run-sdk-specs: missing env " + miss.join(", ") + " (without AUTHING_SDK_TEST_HOST the SDK would talk to https://api.authing.cn)");
    process.exit(2);
  }
  console.log("host: " + process.env.AUTHING_SDK_TEST_HOST + "   pool: " + process.env.AUTHING_SDK_TEST_ACCESS_KEY_ID);
' || exit 2

# Data the specs take for granted on a real Authing pool (a "developer" group, the "root 用户池"
# organization...): each seeds/*.js creates its part idempotently through the SDK.
for seed in seeds/*.js; do
  [ -e "$seed" ] || continue
  node "$seed" || die "seed $seed failed"
done

tag=$(IFS=_; echo "${areas[*]}")
[ ${#areas[@]} -gt 6 ] && tag=all
reports=${SDK_REPORTS_DIR:-$HERE/reports}
mkdir -p "$reports"
json="$reports/sdk-specs-$tag.json"
rm -f "$json"

echo "areas: ${areas[*]}"
if [ -n "$(node -e 'console.log(require("./lib/exclusions").readExclusions().map(e=>e.spec).join(" "))')" ]; then
  echo "excluded: $(node -e 'console.log(require("./lib/exclusions").readExclusions().map(e=>e.spec).join(", "))')"
fi

SDK_SPECS_AREAS="${areas[*]}" \
SDK_REPORTS_DIR="$reports" \
SDK_JUNIT_FILE="sdk-specs-$tag.xml" \
  node node_modules/jest/bin/jest.js \
    --config "$HERE/jest.sdk.config.js" \
    --runInBand --ci \
    --json --outputFile "$json" \
    ${extra[@]+"${extra[@]}"}
rc=$?

node lib/summarize.js "$json" "authing-node-sdk@4.0.1 specs: ${areas[*]}"
echo "JUnit report: $reports/sdk-specs-$tag.xml"
exit $rc
