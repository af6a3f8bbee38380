// Shared parsing of spec exclusions.
//
// Sources (both optional, merged):
//   * excluded-specs.txt (or the file named by SDK_SPECS_EXCLUDE_FILE):
//       one entry per line, "<path> # <reason>"; blank lines and lines that
//       start with "#" are ignored.
//   * env SDK_SPECS_EXCLUDE: comma/space separated entries (reason "from env").
//
// An entry is a path relative to the SDK's test/ directory
// ("groups/listGroups.spec.ts"; a leading "test/" is tolerated), or a bare
// file name ("listGroups.spec.ts") which matches that file in any area.
const fs = require("fs");
const path = require("path");

const here = path.resolve(__dirname, "..");

function sdkDir() {
  return path.dirname(require.resolve("authing-node-sdk/package.json", { paths: [here] }));
}

function normalize(entry) {
  return entry.trim().replace(/^\.?\/+/, "").replace(/^test\//, "");
}

function readExclusions() {
  const out = [];
  const file = process.env.SDK_SPECS_EXCLUDE_FILE || path.join(here, "excluded-specs.txt");
  if (fs.existsSync(file)) {
    fs.readFileSync(file, "utf8")
      .split(/\r?\n/)
      .forEach((raw, i) => {
        const hash = raw.indexOf("#");
        const spec = normalize(hash >= 0 ? raw.slice(0, hash) : raw);
        const reason = hash >= 0 ? raw.slice(hash + 1).trim() : "";
        if (spec) out.push({ spec, reason, source: `${path.basename(file)}:${i + 1}` });
      });
  }
  for (const e of (process.env.SDK_SPECS_EXCLUDE || "").split(/[\s,]+/)) {
    const spec = normalize(e);
    if (spec) out.push({ spec, reason: "excluded via SDK_SPECS_EXCLUDE", source: "env" });
  }
  return out;
}

function matches(exclusion, absSpecPath) {
  const testDir = path.join(sdkDir(), "test") + path.sep;
  const rel = absSpecPath.startsWith(testDir) ? absSpecPath.slice(testDir.length) : absSpecPath;
  return exclusion.spec.includes("/")
    ? rel === exclusion.spec
    : path.basename(rel) === exclusion.spec;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Regexes for Jest's testPathIgnorePatterns (matched against absolute paths).
function ignorePatterns(exclusions) {
  const testDir = path.join(sdkDir(), "test");
  return exclusions.map((e) =>
    e.spec.includes("/")
      ? `^${escapeRe(path.join(testDir, e.spec))}$`
      : `${escapeRe(path.sep)}${escapeRe(e.spec)}$`
  );
}

module.exports = { readExclusions, ignorePatterns, matches, sdkDir };
