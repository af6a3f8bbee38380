// Stand-in for authing-node-sdk's `src/models` barrel, used ONLY when the
// SDK's own specs are run (wired in by jest.sdk.config.js via moduleNameMapper
// for the import paths "../../src/models" (specs) and "./models" (src/index.ts,
// i.e. `Models.*`)).
//
// Why: the published authing-node-sdk@4.0.1 ships a src/models/index.ts that
// re-exports only ~320 of its ~1,490 model files. Several specs use enums from
// models missing from it as runtime values (CreateResourceDto.type.DATA,
// TargetDto.targetType.USER, Models.SetCustomFieldDto.targetType.USER,
// CreateDepartmentReqDto.departmentIdType, ...), so they crash with
// "Cannot read properties of undefined" before sending a single request, no
// matter what the server does. This shim exports everything the real barrel
// exports, plus the value exports (enums / namespaces) of every other model
// file. It changes no request the SDK sends.
// Disable with SDK_SPECS_NO_MODELS_SHIM=1 to see the specs fail as published.
const fs = require("fs");
const path = require("path");

const modelsDir = path.join(
  path.dirname(require.resolve("authing-node-sdk/package.json", { paths: [path.resolve(__dirname, "..")] })),
  "src",
  "models"
);

const out = {};
for (const f of fs.readdirSync(modelsDir).sort()) {
  if (!f.endsWith(".ts") || f === "index.ts") continue;
  const file = path.join(modelsDir, f);
  // Only files with runtime exports; pure type files compile to nothing.
  if (!/^export (enum|namespace|const|class|function)\b/m.test(fs.readFileSync(file, "utf8"))) continue;
  Object.assign(out, require(file));
}
Object.assign(out, require(path.join(modelsDir, "index.ts")));

module.exports = out;
