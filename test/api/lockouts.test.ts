// IP lockouts (1020176) made visible and reversible, through a real platform: bad signatures
// lock 127.0.0.1 out, the management API and the CLI list it, clearing it serves the IP again.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VoxcallClient } from '../../src/client/index.js';
import { cliOf } from '../helpers/cli.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';
import { accepted, freshApp, notify, refused, type PolicyApp } from '../policy/helpers.js';
import { RESULT } from '../../src/api/result-codes.js';

const ctx = usePlatform({ env: { VOXCALL_AUTH_MAX_FAILURES: '3' } });
const { voxcall } = cliOf(() => ctx.t);
const call = admin(() => ctx.t);

/** Three requests signed with a wrong secret: the third blocks 127.0.0.1. */
async function lockOut(p: PolicyApp): Promise<void> {
  const forger = { ...p, client: new VoxcallClient({ baseUrl: ctx.t.platform.url, appKey: p.app.appKey, appSecret: 'not-the-secret' }) };
  for (let i = 0; i < 3; i++) refused(await notify(forger), RESULT.invalidDigest);
  refused(await notify(p), RESULT.authBlocked);
}

test('a lockout is listed with its failures and end, cleared by IP, and the IP is served again', async () => {
  const p = await freshApp(ctx.t);
  assert.deepEqual((await call('GET', '/v1/lockouts')).body, { lockouts: [], total: 0 });
  const before = Date.now();
  await lockOut(p);

  const listed = await call('GET', '/v1/lockouts');
  assert.equal(listed.status, 200);
  assert.equal(listed.body.total, 1);
  const [l] = listed.body.lockouts;
  assert.equal(l.ip, '127.0.0.1');
  assert.equal(l.blocked, true);
  assert.equal(l.failures, 3);
  const until = Date.parse(l.blockedUntil);
  assert.ok(until >= before + 30 * 60_000 && until <= Date.now() + 30 * 60_000, l.blockedUntil);

  const cleared = await call('DELETE', '/v1/lockouts/127.0.0.1');
  assert.deepEqual([cleared.status, cleared.body], [200, { cleared: '127.0.0.1' }]);
  assert.deepEqual((await call('GET', '/v1/lockouts')).body, { lockouts: [], total: 0 });
  accepted(await notify(p));

  const again = await call('DELETE', '/v1/lockouts/127.0.0.1');
  assert.equal(again.status, 404);
  assert.equal(again.body.error.code, 'VX.NOT_FOUND');
});

test('an IP short of a block is listed with its failures; DELETE /v1/lockouts clears all', async () => {
  const p = await freshApp(ctx.t);
  const forger = { ...p, client: new VoxcallClient({ baseUrl: ctx.t.platform.url, appKey: p.app.appKey, appSecret: 'nope' }) };
  refused(await notify(forger), RESULT.invalidDigest);
  const [l] = (await call('GET', '/v1/lockouts')).body.lockouts;
  assert.deepEqual({ ...l, lastFailureAt: typeof l.lastFailureAt }, { ip: '127.0.0.1', blocked: false, failures: 1, blockedUntil: null, lastFailureAt: 'string' });
  assert.deepEqual((await call('DELETE', '/v1/lockouts')).body, { cleared: 1 });
  assert.equal((await call('GET', '/v1/lockouts')).body.total, 0);
});

test('the management API guards lockouts with the admin token and its own error shape', async () => {
  const anon = await call('GET', '/v1/lockouts', undefined, { token: null });
  assert.equal(anon.status, 401);
  assert.equal(anon.body.error.code, 'VX.UNAUTHORIZED');
  const bad = await call('DELETE', '/v1/lockouts/not-an-ip');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'VX.INVALID');
  const limit = await call('GET', '/v1/lockouts?limit=0');
  assert.equal(limit.body.error.code, 'VX.INVALID');
});

test('CLI: lockouts list shows the blocked IP, lockouts clear <ip> serves it again', async () => {
  const p = await freshApp(ctx.t);
  await lockOut(p);
  const table = await voxcall(['lockouts', 'list']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^ip\s+blocked\s+failures\s+blockedUntil/);
  assert.match(table.stdout, /\n127\.0\.0\.1\s+true\s+3\s+\d{4}-\d\d-\d\dT/);
  const json = JSON.parse((await voxcall(['--json', 'lockouts', 'list'])).stdout);
  assert.equal(json.lockouts[0].ip, '127.0.0.1');

  const usage = await voxcall(['lockouts', 'clear']);
  assert.notEqual(usage.code, 0);
  assert.match(usage.stderr, /name one IP, or pass --all/);

  const cleared = await voxcall(['lockouts', 'clear', '127.0.0.1']);
  assert.equal(cleared.code, 0, cleared.stderr);
  assert.equal(cleared.stdout.trim(), 'cleared 127.0.0.1');
  accepted(await notify(p));
  assert.equal((await voxcall(['lockouts', 'list'])).stdout.trim(), '(none)');
});
