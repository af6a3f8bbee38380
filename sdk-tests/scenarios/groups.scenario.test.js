/**
 * Scenario tests for the group APIs, written the way an application using
 * authing-node-sdk@4.0.1 would use them. Unlike the SDK's own specs these
 * check cross-call consistency (read-your-writes, atomic batches, cascades,
 * tenancy, auth, i18n) with no sleeps and no retries.
 *
 * Env: AUTHING_SDK_TEST_HOST, AUTHING_SDK_TEST_ACCESS_KEY_ID,
 *      AUTHING_SDK_TEST_ACCESS_KEY_SECRET
 *      optional AUTHING_SDK_TEST_POOL_B_ID / AUTHING_SDK_TEST_POOL_B_SECRET
 */
const crypto = require("crypto");
const { ManagementClient } = require("authing-node-sdk");
const {
  HOST, POOL_A_SECRET, POOL_B_ID, POOL_B_SECRET, newCode, makeClient, ok, refused, httpError,
} = require("../lib/scenario-client");

const unknownUserId = () => crypto.randomBytes(12).toString("hex"); // ObjectId-shaped, never created

const mc = makeClient();

const codesOf = (list) => (list || []).map((g) => g.code);
const idsOf = (list) => (list || []).map((u) => u.userId).sort();

// Cleanup bookkeeping: everything created is removed in afterAll, best effort.
const created = { groups: new Set(), users: new Set(), poolBGroups: new Set() };

async function createGroup(client = mc, extra = {}) {
  const code = newCode();
  const name = `name-${code}`;
  const description = `description of ${code}`;
  const data = await ok(client.createGroup({ code, name, description, ...extra }), `createGroup(${code})`);
  (client === mc ? created.groups : created.poolBGroups).add(code);
  return { code, name, description, data };
}

async function createUsers(n) {
  const base = newCode();
  const list = Array.from({ length: n }, (_, i) => ({ username: `${base}u${i}` }));
  const data = await ok(mc.createUsersBatch({ list }), "createUsersBatch");
  expect(Array.isArray(data)).toBe(true);
  expect(data).toHaveLength(n);
  const ids = data.map((u) => u.userId);
  ids.forEach((id) => {
    expect(typeof id).toBe("string");
    created.users.add(id);
  });
  return ids;
}

afterAll(async () => {
  const swallow = (p) => p.catch(() => undefined);
  if (created.groups.size) await swallow(mc.deleteGroupsBatch({ codeList: [...created.groups] }));
  if (created.users.size) await swallow(mc.deleteUsersBatch({ userIds: [...created.users] }));
  if (created.poolBGroups.size && POOL_B_ID && POOL_B_SECRET) {
    const b = new ManagementClient({ accessKeyId: POOL_B_ID, accessKeySecret: POOL_B_SECRET, host: HOST });
    await swallow(b.deleteGroupsBatch({ codeList: [...created.poolBGroups] }));
  }
});

// -------------------------------------------------------------- scenarios --

describe("groups: read-your-writes", () => {
  test("createGroup is immediately visible to getGroup, listGroups, members and user groups", async () => {
    const { code, name, description, data: createdGroup } = await createGroup();
    expect(createdGroup).toMatchObject({ code, name, description });

    const got = await ok(mc.getGroup({ code }), "getGroup right after createGroup");
    expect(got).toMatchObject({ code, name, description });

    const listed = await ok(mc.listGroups({ keywords: code }), "listGroups({keywords: code})");
    expect(codesOf(listed.list)).toContain(code);
    expect(listed.totalCount).toBeGreaterThanOrEqual(1);

    const userIds = await createUsers(2);
    await ok(mc.addGroupMembers({ code, userIds }), "addGroupMembers");

    const members = await ok(mc.listGroupMembers({ code }), "listGroupMembers right after addGroupMembers");
    expect(members.totalCount).toBe(2);
    expect(idsOf(members.list)).toEqual([...userIds].sort());

    for (const userId of userIds) {
      const groups = await ok(mc.getUserGroups({ userId }), `getUserGroups(${userId})`);
      expect(codesOf(groups.list)).toContain(code);
    }
  });
});

describe("groups: updateGroup with newCode", () => {
  test("old code is gone, new code works, members are kept", async () => {
    const { code, name, description } = await createGroup();
    const userIds = await createUsers(2);
    await ok(mc.addGroupMembers({ code, userIds }), "addGroupMembers");

    const newGroupCode = newCode();
    const updated = await ok(
      mc.updateGroup({ code, newCode: newGroupCode, name, description }),
      "updateGroup({newCode})"
    );
    created.groups.add(newGroupCode);
    expect(updated.code).toBe(newGroupCode);

    const old = await refused(mc.getGroup({ code }), "getGroup(old code)");
    expect(old.message).toContain("分组不存在");

    const got = await ok(mc.getGroup({ code: newGroupCode }), "getGroup(new code)");
    expect(got).toMatchObject({ code: newGroupCode, name, description });

    const members = await ok(mc.listGroupMembers({ code: newGroupCode }), "listGroupMembers(new code)");
    expect(members.totalCount).toBe(2);
    expect(idsOf(members.list)).toEqual([...userIds].sort());

    const groups = await ok(mc.getUserGroups({ userId: userIds[0] }), "getUserGroups");
    expect(codesOf(groups.list)).toContain(newGroupCode);
    expect(codesOf(groups.list)).not.toContain(code);
  });
});

describe("groups: createGroupsBatch is all-or-nothing", () => {
  test("one code that already exists → nothing is created", async () => {
    const existing = await createGroup();
    const a = newCode();
    const c = newCode();
    created.groups.add(a).add(c); // cleanup, in case the server wrongly creates them
    const res = await refused(
      mc.createGroupsBatch({
        list: [
          { code: a, name: `name-${a}`, description: "a" },
          { code: existing.code, name: "overwritten?", description: "dup" },
          { code: c, name: `name-${c}`, description: "c" },
        ],
      }),
      "createGroupsBatch with a duplicate"
    );
    expect(res.message).toContain("分组标识符已存在");

    for (const code of [a, c]) {
      const r = await refused(mc.getGroup({ code }), `getGroup(${code}) after failed batch`);
      expect(r.message).toContain("分组不存在");
      const listed = await ok(mc.listGroups({ keywords: code }), "listGroups");
      expect(codesOf(listed.list)).not.toContain(code);
    }
    const still = await ok(mc.getGroup({ code: existing.code }), "getGroup(existing)");
    expect(still.name).toBe(existing.name);
  });

  test("the same new code twice in one batch → nothing is created", async () => {
    const x = newCode();
    const y = newCode();
    created.groups.add(x).add(y);
    await refused(
      mc.createGroupsBatch({
        list: [
          { code: x, name: `name-${x}`, description: "x" },
          { code: y, name: `name-${y}`, description: "y" },
          { code: x, name: `again-${x}`, description: "x again" },
        ],
      }),
      "createGroupsBatch with an intra-batch duplicate"
    );
    await refused(mc.getGroup({ code: x }), `getGroup(${x})`);
    await refused(mc.getGroup({ code: y }), `getGroup(${y})`);
  });
});

describe("groups: membership integrity", () => {
  test("addGroupMembers with an unknown user id fails and adds nobody", async () => {
    const { code } = await createGroup();
    const [userId] = await createUsers(1);

    await refused(
      mc.addGroupMembers({ code, userIds: [userId, unknownUserId()] }),
      "addGroupMembers with an unknown user id"
    );

    const members = await ok(mc.listGroupMembers({ code }), "listGroupMembers");
    expect(members.totalCount).toBe(0);
    expect(members.list).toHaveLength(0);
    const groups = await ok(mc.getUserGroups({ userId }), "getUserGroups");
    expect(codesOf(groups.list)).not.toContain(code);
  });

  test("deleteUsersBatch removes the user from listGroupMembers", async () => {
    const { code } = await createGroup();
    const [gone, stays] = await createUsers(2);
    await ok(mc.addGroupMembers({ code, userIds: [gone, stays] }), "addGroupMembers");

    await ok(mc.deleteUsersBatch({ userIds: [gone] }), "deleteUsersBatch");
    created.users.delete(gone);

    const members = await ok(mc.listGroupMembers({ code }), "listGroupMembers after deleting a member");
    expect(members.totalCount).toBe(1);
    expect(idsOf(members.list)).toEqual([stays]);
  });
});

describe("x-authing-lang", () => {
  test("lang en-US gives English error messages, default gives Chinese", async () => {
    const missing = newCode();
    const en = makeClient({ lang: "en-US" });
    const enRes = await refused(en.getGroup({ code: missing }), "getGroup(missing) with lang en-US");
    expect(enRes.message).toContain("Group does not exist");

    const zhRes = await refused(mc.getGroup({ code: missing }), "getGroup(missing) with default lang");
    expect(zhRes.message).toContain("分组不存在");
  });
});

describe("tenancy (needs AUTHING_SDK_TEST_POOL_B_ID / _SECRET)", () => {
  const maybe = POOL_B_ID && POOL_B_SECRET ? test : test.skip;

  maybe("pool B cannot see pool A's group and can create the same code independently", async () => {
    const b = new ManagementClient({ accessKeyId: POOL_B_ID, accessKeySecret: POOL_B_SECRET, host: HOST });
    const a = await createGroup(mc);

    await refused(b.getGroup({ code: a.code }), "pool B getGroup(pool A code)");
    const bList = await ok(b.listGroups({ keywords: a.code }), "pool B listGroups");
    expect(codesOf(bList.list)).not.toContain(a.code);

    const bData = await ok(
      b.createGroup({ code: a.code, name: `B-${a.code}`, description: "pool B" }),
      "pool B createGroup(same code)"
    );
    created.poolBGroups.add(a.code);
    expect(bData.code).toBe(a.code);

    const fromB = await ok(b.getGroup({ code: a.code }), "pool B getGroup");
    expect(fromB.name).toBe(`B-${a.code}`);
    const fromA = await ok(mc.getGroup({ code: a.code }), "pool A getGroup");
    expect(fromA.name).toBe(a.name);

    // Pool A's users do not exist in pool B.
    const [userA] = await createUsers(1);
    await refused(b.addGroupMembers({ code: a.code, userIds: [userA] }), "pool B addGroupMembers(pool A user)");
    const bMembers = await ok(b.listGroupMembers({ code: a.code }), "pool B listGroupMembers");
    expect(bMembers.totalCount).toBe(0);
  });
});

describe("authentication", () => {
  test("a wrong secret is rejected with HTTP 401 (GET)", async () => {
    const bad = makeClient({ accessKeySecret: `wrong-${POOL_A_SECRET}` });
    const err = await httpError(bad.listGroups({}), "listGroups with a wrong secret");
    expect(err.response.status).toBe(401);
  });

  test("a wrong secret is rejected with HTTP 401 (POST) and has no side effect", async () => {
    const bad = makeClient({ accessKeySecret: `wrong-${POOL_A_SECRET}` });
    const code = newCode();
    created.groups.add(code);
    const err = await httpError(
      bad.createGroup({ code, name: code, description: "must not exist" }),
      "createGroup with a wrong secret"
    );
    expect(err.response.status).toBe(401);
    await refused(mc.getGroup({ code }), "getGroup of the group a bad client tried to create");
  });

  test("an unknown access key id is rejected with HTTP 401", async () => {
    const bad = makeClient({ accessKeyId: unknownUserId() });
    const err = await httpError(bad.getGroup({ code: newCode() }), "getGroup with an unknown pool id");
    expect(err.response.status).toBe(401);
  });
});
