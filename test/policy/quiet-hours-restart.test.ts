// Quiet hours across midnight Beijing time on the injected clock, and counters that survive a
// restart of the platform on the same data directory.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { RESULT } from '../../src/api/result-codes.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { accepted, freshApp, manage, notify, refused } from './helpers.js';

const HOUR = 3600_000;

test('quiet hours 22:00-08:00 Beijing: refused before and after midnight, placed outside', async () => {
  const t = await startTestPlatform();
  try {
    const admin = manage(() => t);
    // The test clock starts at 02:00 UTC = 10:00 Beijing.
    const p = await freshApp(t);
    const set = await admin('PUT', `/v1/apps/${p.app.appKey}/limits/quiet-hours`, { start: '22:00', end: '08:00' });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.effective.quietHours, { start: '22:00', end: '08:00' });
    accepted(await notify(p, { calleeNbr: '+8613833330001' }));
    await t.clock.advance(12 * HOUR - 60_000); // 21:59
    accepted(await notify(p, { calleeNbr: '+8613833330002' }));
    await t.clock.advance(60_000); // 22:00
    refused(await notify(p, { calleeNbr: '+8613833330003' }), RESULT.callTimeForbidden);
    await t.clock.advance(3 * HOUR); // 01:00 the next day
    refused(await notify(p, { calleeNbr: '+8613833330004' }), RESULT.callTimeForbidden);
    await t.clock.advance(7 * HOUR - 60_000); // 07:59
    refused(await notify(p, { calleeNbr: '+8613833330005' }), RESULT.callTimeForbidden);
    await t.clock.advance(60_000); // 08:00
    accepted(await notify(p, { calleeNbr: '+8613833330006' }));

    // Platform-wide quiet hours apply to apps without their own.
    const other = await freshApp(t);
    assert.equal((await admin('PUT', '/v1/limits/quiet-hours', { start: '08:00', end: '09:00' })).status, 200);
    refused(await notify(other, { calleeNbr: '+8613833330007' }), RESULT.callTimeForbidden);
    accepted(await notify(p, { calleeNbr: '+8613833330008' }));
  } finally {
    await t.close();
  }
});

test('counters and settings survive a restart on the same data directory', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-policy-'));
  let t: TestPlatform | undefined;
  try {
    t = await startTestPlatform({ dataDir });
    const p = await freshApp(t);
    const admin = manage(() => t!);
    assert.equal((await admin('PATCH', `/v1/apps/${p.app.appKey}/limits`, { appCalls: { max: 2, windowS: 86400 } })).status, 200);
    assert.equal((await admin('PUT', '/v1/lists/calleeBlacklist/+8613833339999')).status, 201);
    accepted(await notify(p));
    await t.close();

    t = await startTestPlatform({ dataDir });
    const again = { ...p, client: new (p.client.constructor as typeof import('../../src/client/index.js').VoxcallClient)({ baseUrl: t.platform.url, appKey: p.app.appKey, appSecret: p.app.appSecret }) };
    refused(await notify(again, { calleeNbr: '+8613833339999' }), RESULT.calleeBlacklisted);
    accepted(await notify(again));
    refused(await notify(again), RESULT.appCallLimit);
  } finally {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
