// The platform and its network: /health reports the network's state, and closing the platform
// ends live calls through the network (hangup by the network) and stores them before the store
// closes, so a restart finds nothing to recover and each call has its record.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { request } from 'undici';
import { startTestPlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const NEVER_HANGS_UP = '+8613900000009';

test('/health carries the network kind, state and open legs', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const res = await request(`${p.platform.url}/health`);
  assert.equal(res.statusCode, 200);
  assert.deepEqual(await res.body.json(), { status: 'ok', node: { id: p.platform.node.id, role: 'all' }, network: { kind: 'simulated', state: 'up', openLegs: 0 }, store: { kind: process.env.VOXCALL_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite', state: 'ok' } });
});

test('closing the platform ends a live call through the network; the restart has nothing to recover', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'voxcall-netclose-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const first = await startTestPlatform({ dataDir });
  const call = admin(() => first);
  const placed = await call('POST', `/v1/apps/${first.platform.demo.appKey}/calls`, { kind: 'notify', callee: NEVER_HANGS_UP, template: 'test_template', params: ['3', 'gate'], collect: 1 });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const sessionId = placed.body.sessionId as string;
  await first.run(3000);
  assert.equal(first.platform.network.health().openLegs, 1);
  await first.close();

  const second = await startTestPlatform({ dataDir });
  t.after(() => second.close());
  assert.equal(second.platform.recovered, 0);
  const shown = await admin(() => second)('GET', `/v1/calls/${encodeURIComponent(sessionId)}`);
  assert.equal(shown.status, 200, JSON.stringify(shown.body));
  assert.equal(shown.body.call.state, 'ended');
  assert.deepEqual([shown.body.hangup.stateCode, shown.body.hangup.ulFailReason, shown.body.hangup.partyType], [8020, 518, 'platform']);
  assert.equal(shown.body.hangup.meaning, 'Service exception.');
});
