// Behind a load balancer (VOXCALL_TRUST_PROXY): a failed authentication counts against the client
// that X-Forwarded-For names when the request came from the listed proxy, and against the peer
// itself otherwise, so a client cannot pick the address lockouts (1020176) and allow lists see.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { loadConfig } from '../../src/config.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const CLIENT = '203.0.113.9';

/** One callnotify with a wrong signature, as sent by a proxy naming CLIENT. */
async function forged(t: TestPlatform): Promise<void> {
  const res = await request(`${t.platform.url}/rest/httpsessions/callnotify/v2.0`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      authorization: 'AKSK realm="SDP",profile="UsernameToken",type="Appkey"',
      'x-aksk': `UsernameToken Username="${t.platform.demo.appKey}",PasswordDigest="AAAA",Nonce="n${Math.random()}",Created="${new Date().toISOString().slice(0, 19)}Z"`,
      'x-forwarded-for': CLIENT,
    },
    body: '{}',
  });
  await res.body.text();
  assert.notEqual(res.statusCode, 200);
}

let trusting: TestPlatform;
let plain: TestPlatform;
before(async () => {
  trusting = await startTestPlatform({ env: { VOXCALL_TRUST_PROXY: '127.0.0.1' } });
  plain = await startTestPlatform();
});
after(async () => {
  await trusting.close();
  await plain.close();
});

test('from a trusted proxy, the failure is the forwarded client\'s', async () => {
  await forged(trusting);
  const { body } = await admin(() => trusting)('GET', '/v1/lockouts');
  assert.deepEqual(body.lockouts.map((l: { ip: string }) => l.ip), [CLIENT]);
});

test('with no trusted proxy, X-Forwarded-For is ignored: the failure is the peer\'s', async () => {
  await forged(plain);
  const { body } = await admin(() => plain)('GET', '/v1/lockouts');
  assert.deepEqual(body.lockouts.map((l: { ip: string }) => l.ip), ['127.0.0.1']);
});

test('a value that is not an address or a CIDR block stops the start with one line', () => {
  assert.throws(() => loadConfig({ VOXCALL_TRUST_PROXY: '10.0.0.5,nginx' }), /VOXCALL_TRUST_PROXY .* got "nginx"/);
  assert.deepEqual(loadConfig({ VOXCALL_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).trustProxy, ['10.0.0.5', '10.1.0.0/16']);
});
