/**
 * What every scenario file needs: the SDK client of pool A (from the environment) and helpers that await SDK calls
 * and say clearly what went wrong.
 *
 * Env: AUTHING_SDK_TEST_HOST, AUTHING_SDK_TEST_ACCESS_KEY_ID, AUTHING_SDK_TEST_ACCESS_KEY_SECRET
 *      optional AUTHING_SDK_TEST_POOL_B_ID / AUTHING_SDK_TEST_POOL_B_SECRET
 */
const { ManagementClient } = require("authing-node-sdk");

const HOST = process.env.AUTHING_SDK_TEST_HOST;
const POOL_A_ID = process.env.AUTHING_SDK_TEST_ACCESS_KEY_ID;
const POOL_A_SECRET = process.env.AUTHING_SDK_TEST_ACCESS_KEY_SECRET;
const POOL_B_ID = process.env.AUTHING_SDK_TEST_POOL_B_ID;
const POOL_B_SECRET = process.env.AUTHING_SDK_TEST_POOL_B_SECRET;

if (!HOST || !POOL_A_ID || !POOL_A_SECRET) {
  throw new Error(
    "set AUTHING_SDK_TEST_HOST, AUTHING_SDK_TEST_ACCESS_KEY_ID and AUTHING_SDK_TEST_ACCESS_KEY_SECRET " +
      "(without a host the SDK would talk to https://api.authing.cn)"
  );
}

const newCode = () => "sdk" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);

const makeClient = (opts = {}) =>
  new ManagementClient({ accessKeyId: POOL_A_ID, accessKeySecret: POOL_A_SECRET, host: HOST, ...opts });

function describeHttpError(err) {
  if (err && err.response) {
    return (
      `HTTP ${err.response.status} ${JSON.stringify(err.response.data)} — the SDK throws on non-2xx, ` +
      `so API errors must be answered with HTTP 200 and {statusCode, message} in the body`
    );
  }
  return String((err && err.message) || err);
}

/** Awaits an SDK call that must succeed; returns its `data`. */
async function ok(call, what) {
  let res;
  try {
    res = await call;
  } catch (err) {
    throw new Error(`${what}: request failed: ${describeHttpError(err)}`);
  }
  if (!res || res.statusCode !== 200) {
    throw new Error(`${what}: expected statusCode 200, got ${JSON.stringify(res)}`);
  }
  return res.data;
}

/** Awaits an SDK call that must be refused (statusCode != 200 in the body). */
async function refused(call, what) {
  let res;
  try {
    res = await call;
  } catch (err) {
    throw new Error(`${what}: expected an API error in the body, but ${describeHttpError(err)}`);
  }
  if (!res || res.statusCode === 200) {
    throw new Error(`${what}: expected statusCode != 200, got ${JSON.stringify(res)}`);
  }
  return res;
}

/** Awaits an SDK call that must reject with an HTTP error; returns the axios error. */
async function httpError(call, what) {
  try {
    const res = await call;
    throw new Error(`${what}: expected the SDK call to reject (HTTP 401), it resolved with ${JSON.stringify(res)}`);
  } catch (err) {
    if (!err || !err.response) throw err;
    return err;
  }
}

module.exports = {
  HOST, POOL_A_ID, POOL_A_SECRET, POOL_B_ID, POOL_B_SECRET, newCode, makeClient, ok, refused, httpError,
};
