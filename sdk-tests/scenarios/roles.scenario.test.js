/**
 * Scenario tests for roles and permissions, written the way an application using authing-node-sdk@4.0.1 would
 * use them: every answer is read right after the write returned, with no sleeps and no retries.
 *
 * Env: see ../lib/scenario-client.js
 */
const { newCode, makeClient, ok } = require("../lib/scenario-client");

const mc = makeClient();

describe("roles: disableTime", () => {
  test("a past disableTime stops the role, an update without it keeps it, null (never) brings the role back", async () => {
    const namespace = newCode();
    await ok(mc.createNamespace({ code: namespace, name: namespace }), "createNamespace");
    const code = newCode();
    await ok(mc.createRole({ code, namespace, description: "disable time" }), "createRole");
    const [{ userId }] = await ok(mc.createUsersBatch({ list: [{ username: newCode() }] }), "createUsersBatch");
    await ok(
      mc.authorizeResources({
        namespace,
        list: [{ targetType: "ROLE", targetIdentifiers: [code], resources: [{ code: "doc:1", actions: ["read"], resourceType: "DATA" }] }],
      }),
      "authorizeResources"
    );
    await ok(mc.assignRole({ code, namespace, targets: [{ targetType: "USER", targetIdentifier: userId }] }), "assignRole");
    const allowed = async () =>
      (await ok(mc.isActionAllowed({ userId, action: "read", resource: "doc:1", namespace }), "isActionAllowed")).allowed;
    expect(await allowed()).toBe(true);

    const past = Date.now() - 60_000;
    await ok(mc.updateRole({ code, newCode: code, name: code, namespace, disableTime: String(past) }), "updateRole");
    expect((await ok(mc.getRole({ code, namespace }), "getRole")).disableTime).toBe(past);
    expect(await allowed()).toBe(false);

    await ok(mc.updateRole({ code, newCode: code, name: "renamed", namespace }), "updateRole without disableTime");
    expect((await ok(mc.getRole({ code, namespace }), "getRole")).disableTime).toBe(past);
    expect(await allowed()).toBe(false);

    await ok(mc.updateRole({ code, newCode: code, name: "renamed", namespace, disableTime: null }), "updateRole null");
    expect((await ok(mc.getRole({ code, namespace }), "getRole")).disableTime ?? null).toBeNull();
    expect(await allowed()).toBe(true);

    await mc.deleteRolesBatch({ codeList: [code], namespace }).catch(() => undefined);
    await mc.deleteUsersBatch({ userIds: [userId] }).catch(() => undefined);
  });
});
