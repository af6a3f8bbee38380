// The users specs take page 1 of listUsers for granted: its first user (with a username) is their subject,
// and users/deleteUsersBatch deletes the last user of page 1 on every run. Keeps at least MIN users in the
// pool, topping up what earlier runs deleted.
const seedClient = require('../lib/seed-client');

const MIN = 5;

module.exports = async function seedUser() {
  const client = seedClient();
  const page = await client.listUsers({ options: { pagination: { page: 1, limit: 10 } } });
  const missing = MIN - (page.statusCode === 200 ? page.data.totalCount : 0);
  for (let i = 0; i < missing; i++) {
    const created = await client.createUser({ username: `seed-user-${Date.now()}-${i}`, name: 'Seed user' });
    if (created.statusCode !== 200) {
      throw new Error(`seeding a user failed: ${created.statusCode} ${created.message}`);
    }
  }
};

if (require.main === module) {
  module.exports().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
