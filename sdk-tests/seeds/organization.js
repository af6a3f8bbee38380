// The organization every department spec (and roles/listRoleDepartments) uses: found by
// searchOrganizations({keywords: "root 用户池"}); its list[0] gives organizationCode and departmentId (the
// root department). department/updateDepartment renames the root department on every run, so only the
// organization's own name is searched. Idempotent: creates it only when the search finds nothing.
const seedClient = require('../lib/seed-client');

const NAME = 'root 用户池';
const CODE = 'root-user-pool';

(async () => {
  const client = seedClient();
  const found = await client.searchOrganizations({ keywords: NAME });
  if (found.statusCode !== 200) {
    throw new Error(`searchOrganizations: ${found.statusCode} ${found.message}`);
  }
  if (found.data.list.some((org) => org.organizationName === NAME)) {
    return;
  }
  const created = await client.createOrganization({ organizationCode: CODE, organizationName: NAME });
  if (created.statusCode !== 200) {
    throw new Error(`createOrganization: ${created.statusCode} ${created.message}`);
  }
  console.log(`seeded organization "${NAME}" (${CODE}), root department ${created.data.departmentId}`);
})().catch((e) => {
  console.error(`seeds/organization.js: ${e.message}`);
  process.exit(1);
});
