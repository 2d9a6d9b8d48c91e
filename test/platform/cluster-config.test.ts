// The node settings (docs/cluster.md): VOXCALL_ROLE, VOXCALL_NODE_ID, VOXCALL_NODE_TIMEOUT_S, each
// bad value refused with one line naming the setting; and the session id's node field.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { IdFactory, nodeField } from '../../src/domain/ids.js';

test('defaults: role all, an id generated per start from the host name, a 15 s timeout', () => {
  const a = loadConfig({}).node;
  const b = loadConfig({}).node;
  assert.equal(a.role, 'all');
  assert.equal(a.stable, false);
  assert.equal(a.timeoutMs, 15_000);
  assert.match(a.id, /^[A-Za-z0-9._-]{1,64}$/);
  assert.notEqual(a.id, b.id, 'each start its own id');
});

test('set: a role, a stable id, a timeout', () => {
  const n = loadConfig({ VOXCALL_ROLE: 'dispatcher', VOXCALL_NODE_ID: 'eu-1.dispatch_2', VOXCALL_NODE_TIMEOUT_S: '30' }).node;
  assert.deepEqual(n, { role: 'dispatcher', id: 'eu-1.dispatch_2', stable: true, timeoutMs: 30_000 });
  assert.equal(loadConfig({ VOXCALL_ROLE: 'api' }).node.role, 'api');
  assert.equal(loadConfig({ VOXCALL_NODE_ID: 'x'.repeat(64) }).node.id, 'x'.repeat(64));
});

test('a bad value is one ConfigError line naming the setting', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ VOXCALL_ROLE: 'worker' }, /^VOXCALL_ROLE must be all, api or dispatcher, got "worker"$/],
    [{ VOXCALL_NODE_ID: 'a b' }, /^VOXCALL_NODE_ID must be 1 to 64 characters/],
    [{ VOXCALL_NODE_ID: 'x'.repeat(65) }, /^VOXCALL_NODE_ID must be 1 to 64 characters/],
    [{ VOXCALL_NODE_ID: 'nœud' }, /^VOXCALL_NODE_ID /],
    [{ VOXCALL_NODE_TIMEOUT_S: '2' }, /^VOXCALL_NODE_TIMEOUT_S must be a whole number of seconds from 3 to 3600, got "2"$/],
    [{ VOXCALL_NODE_TIMEOUT_S: '7.5' }, /^VOXCALL_NODE_TIMEOUT_S /],
    [{ VOXCALL_NODE_TIMEOUT_S: 'soon' }, /^VOXCALL_NODE_TIMEOUT_S /],
    [{ VOXCALL_NODE_TIMEOUT_S: '3601' }, /^VOXCALL_NODE_TIMEOUT_S /],
  ];
  for (const [env, line] of cases) {
    assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && line.test(err.message) && !err.message.includes('\n'), JSON.stringify(env));
  }
});

test('the session id\'s node field is the node id hashed to 32 bits: the same for the same id', () => {
  const field = nodeField('api-1');
  assert.equal(nodeField('api-1'), field);
  assert.notEqual(nodeField('api-2'), field);
  assert.ok(Number.isInteger(field) && field >= 0 && field < 2 ** 32);
  const sid = new IdFactory({ lastSeq: 6, hostName: 'voxcall.test', nodeId: field }).sessionId('notify', Date.UTC(2026, 0, 1));
  assert.equal(sid, `1202_7_${field}_20260101000000@voxcall.test`);
});
