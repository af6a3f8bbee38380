// resource/getAuthorizedResources expects group "developer" in the pool (targetType GROUP, targetIdentifier
// "developer"). Created once; a later run finds it and does nothing.
const seedClient = require('../lib/seed-client');

module.exports = async function seedDeveloperGroup() {
  const client = seedClient();
  const existing = await client.getGroup({ code: 'developer' });
  if (existing.statusCode === 200) {
    return;
  }
  const created = await client.createGroup({ code: 'developer', name: 'developer', description: '' });
  // Another runner may have created it in between: that is fine too.
  if (created.statusCode !== 200 && !String(created.message).includes('developer')) {
    throw new Error(`seeding group developer failed: ${created.statusCode} ${created.message}`);
  }
};

if (require.main === module) {
  module.exports().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
