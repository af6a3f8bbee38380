// jest-haste-map drops every file whose path contains /node_modules/ unless
// `retainAllFiles` is set, and Jest 27 hard-codes retainAllFiles:false for the
// test-discovery map. Our spec files live in node_modules/authing-node-sdk/test,
// so wrap the stock haste map and force retainAllFiles on. Wired in through the
// documented `haste.hasteMapModulePath` option (see jest.sdk.config.js).
const HasteMap = require("jest-haste-map").default;

class RetainNodeModulesHasteMap extends HasteMap {
  constructor(options) {
    super({ ...options, retainAllFiles: true });
  }
}

module.exports = RetainNodeModulesHasteMap;
