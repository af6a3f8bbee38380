/**
 * Writes through the official SDK (authing-node-sdk@4.0.1) for a while, as an application would, and prints one
 * JSON line per write with what the SDK returned or threw. Driven by devstack's FaultsEndToEndTest during a fault.
 *
 * Env: AUTHING_SDK_TEST_HOST, AUTHING_SDK_TEST_ACCESS_KEY_ID, AUTHING_SDK_TEST_ACCESS_KEY_SECRET,
 *      FAULT_SDK_SECONDS (how long to write), FAULT_SDK_PREFIX (group codes start with it).
 */
const { ManagementClient } = require("authing-node-sdk");

const HOST = process.env.AUTHING_SDK_TEST_HOST;
const ID = process.env.AUTHING_SDK_TEST_ACCESS_KEY_ID;
const SECRET = process.env.AUTHING_SDK_TEST_ACCESS_KEY_SECRET;
if (!HOST || !ID || !SECRET) {
  console.error("set AUTHING_SDK_TEST_HOST, AUTHING_SDK_TEST_ACCESS_KEY_ID and AUTHING_SDK_TEST_ACCESS_KEY_SECRET");
  process.exit(2);
}
const seconds = Number(process.env.FAULT_SDK_SECONDS || "20");
const prefix = process.env.FAULT_SDK_PREFIX || "sdkfault";
const client = new ManagementClient({ accessKeyId: ID, accessKeySecret: SECRET, host: HOST, timeout: 60000 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const deadline = Date.now() + seconds * 1000;
  for (let n = 0; Date.now() < deadline; n++) {
    const code = prefix + n;
    const name = "SDK group " + n;
    const line = { op: "createGroup", code, name, startedAt: Date.now() };
    try {
      const answer = await client.createGroup({ code, name, description: "written during a fault" });
      Object.assign(line, { statusCode: answer.statusCode, apiCode: answer.apiCode, message: answer.message });
    } catch (error) {
      // axios throws on a non-2xx HTTP status: keep what the server said.
      Object.assign(line, { error: String(error), httpStatus: error.response && error.response.status,
                            body: error.response && error.response.data });
    }
    console.log(JSON.stringify(line));
    await sleep(300);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
