// Regenerates service-kit/src/test/resources/sdk-signature-vectors.json with the SDK's own signing code:
//   (cd sdk-tests && npm ci && node tools/gen-signature-vectors.js > ../service-kit/src/test/resources/sdk-signature-vectors.json)
const { buildStringToSign, buildAuthorization } = require('authing-node-sdk/dist/utils/buildSignature.js');
const axios = require('axios');
const secret = 'test-secret-0123456789';
const id = '6123456789abcdef01234567';
const date = 'Mon, 23 Nov 2026 07:30:00 GMT';
const cases = [
  { method: 'GET', url: '/api/v3/list-group-members', params: { code: 'dev', page: 1, limit: 10, withCustomData: false, withIdentities: undefined } },
  { method: 'GET', url: '/api/v3/get-user-batch', params: { userIds: ['a1', 'b"2', '中文 x+y&z'], userIdType: 'user_id', withCustomData: false } },
  { method: 'GET', url: '/api/v3/get-all-groups', params: {} },
  { method: 'GET', url: '/api/v3/get-user-batch', params: { userIds: [], withCustomData: true } },
  { method: 'GET', url: '/api/v3/list-groups', params: { keywords: 'a b/c?d=e&f', page: 1, limit: 10, flatCustomData: false } },
  { method: 'POST', url: '/api/v3/create-group', data: { code: 'dev', name: '开发者 "quoted"', description: 'line\nbreak', customData: { a: 1, b: [1, 2.5, 'x'], c: null } } },
  { method: 'POST', url: '/api/v3/add-group-members', data: { userIds: ['u1', 'u2'], code: 'dev' } },
  { method: 'POST', url: '/api/v3/create-groups-batch', data: { list: [{ code: 'a', name: 'A', description: 'd' }] } },
  { method: 'POST', url: '/api/v3/update-user', data: { userId: 'u1', emailVerified: true, loginsCount: 3, name: null, skip: undefined, options: { userIdType: 'user_id' } } },
  { method: 'POST', url: '/api/v3/delete-groups-batch', data: {} },
];
const out = cases.map((c, i) => {
  const headers = {
    accept: 'application/json', 'content-type': 'application/json',
    'x-authing-signature-nonce': 'nonce' + i, 'x-authing-signature-method': 'HMAC-SHA1',
    'x-authing-signature-version': '1.0', 'user-agent': 'test', 'x-authing-sdk-version': 'authing-node-sdk:4.0.1',
    'x-authing-lang': 'zh-CN', date,
  };
  const toSign = buildStringToSign(c.method, c.url, headers, c.method === 'GET' ? c.params || {} : c.data || {});
  const authorization = buildAuthorization(id, secret, toSign);
  const full = axios.getUri({ url: c.url, params: c.params });
  const q = full.indexOf('?');
  return { method: c.method, path: c.url, rawQuery: q < 0 ? null : full.slice(q + 1), body: c.method === 'GET' ? null : JSON.stringify(c.data), headers: { ...headers, authorization }, stringToSign: toSign };
});
console.log(JSON.stringify(out, null, 1));
