// Jest setup file (ours, not the SDK's): when an SDK call fails at the HTTP
// level (connection refused, non-2xx answer), append the request and the
// server's answer to the error message, e.g.
//   AxiosError: Request failed with status code 404 [POST /api/v3/create-namespace → HTTP 404 {...}]
// Test semantics are unchanged: errors are still rejected, only their message
// gets more context. Works by wrapping axios.create, which the SDK's
// ManagementHttpClient calls once per client.
const axios = require("axios");

if (!axios.__sdkTestsPatched) {
  const create = axios.create;
  axios.create = function patchedCreate(...args) {
    const instance = create.apply(this, args);
    instance.interceptors.response.use(undefined, (err) => {
      try {
        const c = (err && err.config) || {};
        let detail = `${String(c.method || "").toUpperCase()} ${c.url || "?"}`;
        if (err && err.response) {
          let body = err.response.data;
          body = typeof body === "string" ? body : JSON.stringify(body);
          detail += ` → HTTP ${err.response.status} ${String(body).slice(0, 300)}`;
        }
        if (err && typeof err.message === "string" && !err.message.includes(" [")) {
          err.message = `${err.message} [${detail}]`;
        }
      } catch (_) {
        /* never mask the original error */
      }
      return Promise.reject(err);
    });
    return instance;
  };
  axios.__sdkTestsPatched = true;
}
