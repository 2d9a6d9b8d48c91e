import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MANAGE_ERRORS } from '../../src/api/manage/errors.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);

test('no token, a wrong token or another scheme: 401 with VX.UNAUTHORIZED', async () => {
  for (const token of [null, 'wrong-token-wrong-token', '']) {
    const res = await call('GET', '/v1/apps', undefined, { token });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'VX.UNAUTHORIZED');
    assert.match(String(res.headers['www-authenticate']), /^Bearer/);
  }
});

test('an unknown /v1 path answers in the management shape, other paths in the Huawei one', async () => {
  const res = await call('GET', '/v1/nothing-here');
  assert.equal(res.status, 404);
  assert.deepEqual(Object.keys(res.body), ['error']);
  assert.equal(res.body.error.code, 'VX.NOT_FOUND');
  const huawei = await call('GET', '/rest/nothing-here');
  assert.equal(typeof huawei.body.resultcode, 'string');
});

test('the OpenAPI document is served with the bearer scheme, and swagger-ui beside it', async () => {
  const res = await call('GET', '/docs/json', undefined, { token: null });
  assert.equal(res.status, 200);
  assert.equal(res.body.components.securitySchemes.bearer.scheme, 'bearer');
  for (const path of ['/v1/apps', '/v1/apps/{appKey}/numbers', '/v1/apps/{appKey}/voice-files/{name}', '/v1/apps/{appKey}/templates']) {
    assert.ok(res.body.paths[path], path);
  }
  assert.deepEqual(res.body.paths['/v1/apps'].post.security, [{ bearer: [] }]);
  const ui = await call('GET', '/docs/', undefined, { token: null });
  assert.equal(ui.status, 200);
});

test('the error codes of docs/management-api.md are those of the code', () => {
  const doc = readFileSync(new URL('../../docs/management-api.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\| `(VX\.[A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  const code = Object.values(MANAGE_ERRORS).map((e) => `${e.code} ${e.http}`);
  assert.deepEqual(rows.sort(), code.sort());
});
