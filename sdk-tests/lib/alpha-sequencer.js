// Deterministic test-file order (alphabetical by path) so that runs are
// reproducible: Jest's default sequencer orders by previous duration/failure
// and file size, which would make ordering-sensitive specs flaky.
const Sequencer = require("@jest/test-sequencer").default;

class AlphabeticalSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

module.exports = AlphabeticalSequencer;
