// Push URLs pointing at loopback, private, link-local, ... addresses under the production profile:
// refused when given (Huawei API: 1010002/403; management API: VX.INVALID/400), and refused again
// at delivery for a URL that got past (an app default stored before the profile changed).

import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import type { PushAttempt } from '../../src/domain/push.js';
import { RESULT } from '../../src/api/result-codes.js';
import { encodeUrlParam } from '../../src/client/index.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, callback, freshApp, notify, storedCalls, verify } from '../policy/helpers.js';

const HINT = ', not public (VOXCALL_ALLOW_PRIVATE_PUSH_URLS=1 allows it)';

/** This machine's own non-loopback addresses (a signed push once reached eth0's). */
function ownAddressCases(): Array<[string, typeof callback, string, string, RegExp]> {
  const ext = Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal && i.family === 'IPv4').map((i) => i!.address);
  return ext.map((ip) => [`callnotify statusUrl on this node's ${ip}`, notify, 'statusUrl', `http://${ip}:9/s`, new RegExp(`^statusUrl resolves to ${ip.replaceAll('.', '\\.')} \\(own address\\)`)]);
}

describe('configuration', () => {
  const allowed = (env: Record<string, string>) => loadConfig(env).push.allowPrivateTargets;

  test('allowed in development (the default profile), refused in production, the flag overrides both', () => {
    assert.equal(loadConfig({}).profile, 'development');
    assert.equal(allowed({}), true);
    assert.equal(allowed({ VOXCALL_PROFILE: 'development' }), true);
    assert.equal(allowed({ VOXCALL_PROFILE: 'production' }), false);
    assert.equal(allowed({ VOXCALL_PROFILE: 'production', VOXCALL_ALLOW_PRIVATE_PUSH_URLS: '1' }), true);
    assert.equal(allowed({ VOXCALL_ALLOW_PRIVATE_PUSH_URLS: '0' }), false);
  });

  test('bad values stop the start with the variable named', () => {
    assert.throws(() => loadConfig({ VOXCALL_PROFILE: 'prod' }), /VOXCALL_PROFILE must be development or production, got "prod"/);
    assert.throws(() => loadConfig({ VOXCALL_ALLOW_PRIVATE_PUSH_URLS: 'yes' }), /VOXCALL_ALLOW_PRIVATE_PUSH_URLS must be 0 or 1, got "yes"/);
  });
});

const ctx = usePlatform({ env: { VOXCALL_PROFILE: 'production' } });
const call = admin(() => ctx.t);

describe('Huawei API (request time)', () => {
  const cases: Array<[string, typeof callback, string, string, RegExp]> = [
    ['click2Call statusUrl on loopback', callback, 'statusUrl', 'http://127.0.0.1:9000/status', /^statusUrl resolves to 127\.0\.0\.1 \(loopback\)/],
    ['click2Call statusUrl as a decimal IPv4', callback, 'statusUrl', 'http://2130706433/status', /^statusUrl resolves to 127\.0\.0\.1 \(loopback\)/],
    ['callnotify feeUrl on localhost', notify, 'feeUrl', 'http://localhost:9000/fee', /^feeUrl resolves to (127\.0\.0\.1|::1) \(loopback\)/],
    ['callnotify statusUrl on a private network', notify, 'statusUrl', 'http://10.20.30.40/status', /^statusUrl resolves to 10\.20\.30\.40 \(private\)/],
    ['callVerify statusUrl on the metadata service', verify, 'statusUrl', 'http://169.254.169.254/latest', /^statusUrl resolves to 169\.254\.169\.254 \(link-local\)/],
    // The longest IPv4 refusal still fits resultdesc's 128 characters whole.
    ['click2Call statusUrl 0.255.255.255', callback, 'statusUrl', 'http://0.255.255.255/s', /^statusUrl resolves to 0\.255\.255\.255 \(unspecified\)/],
    ['callVerify feeUrl on a CGNAT address', verify, 'feeUrl', 'https://100.64.1.2/fee', /^feeUrl resolves to 100\.64\.1\.2 \(CGNAT\)/],
    // Special-purpose ranges of the IANA registries that got through before ipaddr.js classified them.
    ['click2Call statusUrl on a benchmarking address', callback, 'statusUrl', 'http://198.18.0.1/s', /^statusUrl resolves to 198\.18\.0\.1 \(reserved\)/],
    ['callnotify statusUrl in IETF protocol assignments', notify, 'statusUrl', 'http://192.0.0.170/s', /^statusUrl resolves to 192\.0\.0\.170 \(reserved\)/],
    ['callnotify feeUrl in TEST-NET-3', notify, 'feeUrl', 'http://203.0.113.255/fee', /^feeUrl resolves to 203\.0\.113\.255 \(reserved\)/],
    ...ownAddressCases(),
  ];
  for (const [name, api, field, url, detail] of cases) {
    test(`${name}: 1010002, HTTP 403, nothing placed`, async () => {
      const p = await freshApp(ctx.t);
      const res = await api(p, { [field]: encodeUrlParam(url) });
      const body = res.body as { resultcode: string; resultdesc: string; sessionId: string };
      assert.equal(body.resultcode, RESULT.invalidRequest.code, JSON.stringify(body));
      assert.equal(res.status, RESULT.invalidRequest.http);
      assert.equal(body.sessionId, '');
      assert.ok(body.resultdesc.startsWith(`${RESULT.invalidRequest.desc} `), body.resultdesc);
      assert.match(body.resultdesc.slice(RESULT.invalidRequest.desc.length + 1), detail);
      assert.ok(body.resultdesc.endsWith(HINT), body.resultdesc);
      assert.ok(body.resultdesc.length <= 128);
      assert.equal(await storedCalls(ctx.t, p.app.appKey), 0);
    });
  }

  test('a name that does not resolve is accepted (delivery records what happens)', async () => {
    const p = await freshApp(ctx.t);
    accepted(await notify(p, { statusUrl: encodeUrlParam('http://voxcall-push.invalid/status') }));
  });
});

describe('management API (request time)', () => {
  test('app default statusUrl and feeUrl: VX.INVALID, 400, app unchanged', async () => {
    const created = await call('POST', '/v1/apps', { name: 'guarded', statusUrl: 'http://127.0.0.1:9/status' });
    assert.equal(created.status, 400);
    assert.deepEqual(created.body, { error: { code: 'VX.INVALID', message: `statusUrl resolves to 127.0.0.1 (loopback)${HINT}` } });

    const ok = await call('POST', '/v1/apps', { name: 'guarded', statusUrl: 'https://93.184.215.14/status' });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const path = `/v1/apps/${ok.body.appKey}`;
    const changed = await call('PATCH', path, { feeUrl: 'http://[fd00::5]/fee' });
    assert.equal(changed.status, 400);
    assert.deepEqual(changed.body.error, { code: 'VX.INVALID', message: `feeUrl resolves to fd00::5 (unique-local)${HINT}` });
    assert.equal((await call('GET', path)).body.feeUrl, undefined);
  });

  test('subscription url: VX.INVALID, 400, on create and on change', async () => {
    const { app } = await freshApp(ctx.t);
    const base = `/v1/apps/${app.appKey}/subscriptions`;
    const refused = await call('POST', base, { url: 'http://192.168.1.10/vsp', format: 'vsp' });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body.error, { code: 'VX.INVALID', message: `url resolves to 192.168.1.10 (private)${HINT}` });
    assert.equal((await call('GET', base)).body.subscriptions.length, 0);

    // IPv6 special-purpose ranges (the Huawei API's URL syntax has no brackets, so they are checked here).
    for (const [url, detail] of [
      ['http://[2001:db8::1]/vsp', '2001:db8::1 (reserved)'], ['http://[100::1]/vsp', '100::1 (discard)'],
      ['http://[::ffff:8.8.8.8]/vsp', '::ffff:808:808 (ipv4-mapped)'], ['http://[2001::5]/vsp', '2001::5 (tunnel)'],
    ]) {
      const res = await call('POST', base, { url, format: 'vsp' });
      assert.deepEqual([res.status, res.body.error], [400, { code: 'VX.INVALID', message: `url resolves to ${detail}${HINT}` }], url);
    }

    const created = await call('POST', base, { url: 'https://93.184.215.14/vsp', format: 'vsp' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const changed = await call('PATCH', `${base}/${created.body.subscription.id}`, { url: 'http://localhost:9/vsp' });
    assert.equal(changed.status, 400);
    assert.match(changed.body.error.message, /^url resolves to (127\.0\.0\.1|::1) \(loopback\)/);
    assert.equal((await call('GET', `${base}/${created.body.subscription.id}`)).body.subscription.url, 'https://93.184.215.14/vsp');
  });
});

describe('delivery time', () => {
  test('a stored default URL on 127.0.0.1 is refused by the agent: blocked_target recorded, receiver untouched', async () => {
    const { t, rx } = ctx;
    const p = await freshApp(t, { statusUrl: `${rx.url}/status` });
    const attempts: PushAttempt[] = [];
    const listener = (_push: unknown, attempt: PushAttempt) => attempts.push(attempt);
    t.platform.dispatcher.on('attempt', listener);
    try {
      const res = await notify(p);
      accepted(res);
      await t.run(3000);
      const sessionId = (res.body as { sessionId: string }).sessionId;
      const stored = await t.platform.store.outbox.attempts(attempts[0]!.pushId);
      assert.ok(attempts.length >= 1, 'an attempt was recorded');
      assert.equal(stored[0]?.errorClass, 'blocked_target', `${sessionId}: ${JSON.stringify(stored)}`);
      assert.match(stored[0]!.error!, /127\.0\.0\.1 \(loopback\) is not an allowed push target/);
      assert.equal(stored[0]!.httpStatus, undefined);
      assert.equal(rx.received.length, 0);
    } finally {
      t.platform.dispatcher.off('attempt', listener);
    }
  });
});
