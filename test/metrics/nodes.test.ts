// Two nodes on one store (docs/metrics.md, "Several nodes"): an all node and a dispatcher node.
// Every series carries its node's id; the queue series, read from the shared store, carry
// scope="store" and the same value on both; a node's own counters differ. An api node has no push
// series at all (its dispatcher never starts), rather than zeros that read as a node delivering nothing.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { request } from 'undici';
import { startNode, type VoxcallNode } from '../../src/platform/node.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { push } from '../store/fixtures.js';
import { families, find, parse, type Sample } from './exposition.js';

async function scrape(node: { url: string; adminToken: string }): Promise<{ text: string; samples: Sample[] }> {
  const res = await request(`${node.url}/metrics`, { headers: { authorization: `Bearer ${node.adminToken}` } });
  const text = await res.body.text();
  assert.equal(res.statusCode, 200, text);
  return { text, samples: parse(text) };
}

async function hit(url: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await (await request(`${url}/health`)).body.dump();
}

/** The one sample of that name, whatever its labels. */
function only(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample {
  const hits = find(samples, name, labels);
  assert.equal(hits.length, 1, `${name} ${JSON.stringify(labels)}: ${hits.length} samples`);
  return hits[0]!;
}

describe('metrics of two nodes on one store', () => {
  let all: TestPlatform;
  let dispatcher: VoxcallNode;
  const QUEUED = 3;

  before(async () => {
    all = await startTestPlatform({ env: { VOXCALL_NODE_ID: 'all-1' } });
    // The same store (SQLite data directory or PostgreSQL schema) and clock, another id and role.
    const base = all.platform.config;
    dispatcher = await startNode({ config: { ...base, port: 0, node: { ...base.node, id: 'dispatch-1', role: 'dispatcher' } }, clock: all.clock, logger: pino({ level: 'silent' }) });
    // Queued a day ahead: no node claims them, so both scrapes see the same queue.
    const now = all.clock.now();
    await all.platform.store.outbox.enqueue(Array.from({ length: QUEUED }, (_, i) =>
      push({ appKey: all.platform.demo.appKey, sessionId: `metrics-nodes-${i}`, availableAt: now + 86_400_000, createdAt: now })));
  });
  after(async () => {
    await dispatcher.close();
    await all.close();
  });

  test('every series names its node; the store-wide ones say scope="store", the others no scope', async () => {
    for (const [node, id] of [[all.platform, 'all-1'], [dispatcher, 'dispatch-1']] as const) {
      const { samples } = await scrape(node);
      for (const s of samples) assert.equal(s.labels.node, id, `${s.name} ${JSON.stringify(s.labels)}`);
      for (const name of ['voxcall_push_queue_depth', 'voxcall_push_queue_due', 'voxcall_push_oldest_due_age_seconds']) {
        assert.deepEqual(only(samples, name).labels, { node: id, scope: 'store' }, name);
      }
      assert.deepEqual(only(samples, 'voxcall_pushes', { state: 'queued' }).labels, { node: id, scope: 'store', state: 'queued' });
      const storeWide = new Set(samples.filter((s) => s.labels.scope !== undefined).map((s) => s.name));
      assert.deepEqual([...storeWide].sort(), ['voxcall_push_oldest_due_age_seconds', 'voxcall_push_queue_depth', 'voxcall_push_queue_due', 'voxcall_pushes']);
      assert.ok(samples.every((s) => s.labels.scope === undefined || s.labels.scope === 'store'));
      // Per-node ones: a breaker total, a process series, the node's role.
      assert.deepEqual(only(samples, 'voxcall_endpoint_breakers', { state: 'open' }).labels, { node: id, state: 'open' });
      assert.deepEqual(only(samples, 'process_cpu_user_seconds_total').labels, { node: id });
      assert.equal(only(samples, 'voxcall_node_info').labels.role, node.node.role);
    }
  });

  test('a store-wide gauge reads the same on both nodes; a per-node counter differs', async () => {
    await hit(all.platform.url, 3);
    await hit(dispatcher.url, 1);
    const [a, d] = [(await scrape(all.platform)).samples, (await scrape(dispatcher)).samples];
    assert.equal(only(a, 'voxcall_push_queue_depth').value, QUEUED);
    assert.equal(only(d, 'voxcall_push_queue_depth').value, QUEUED);
    assert.equal(only(a, 'voxcall_pushes', { state: 'queued' }).value, only(d, 'voxcall_pushes', { state: 'queued' }).value);
    const health = (s: Sample[]) => only(s, 'voxcall_api_requests_total', { route: '/health', method: 'GET', status: '200' }).value;
    assert.equal(health(a), 3);
    assert.equal(health(d), 1);
  });

  test('the dispatcher node has push and breaker series but no call series; the all node has both', async () => {
    const [a, d] = [families((await scrape(all.platform)).text), families((await scrape(dispatcher)).text)];
    for (const name of ['voxcall_push_attempts_total', 'voxcall_push_outcomes_total', 'voxcall_endpoint_breakers', 'voxcall_push_queue_depth']) {
      assert.ok(a.has(name), `all: ${name}`);
      assert.ok(d.has(name), `dispatcher: ${name}`);
    }
    assert.ok(a.has('voxcall_calls_started_total'));
    assert.ok(!d.has('voxcall_calls_started_total'));
    assert.ok(!d.has('voxcall_calls_in_progress'));
  });
});

test('an api node declares no push or breaker series, only the store-wide queue and its own work', async () => {
  const api = await startTestPlatform({ env: { VOXCALL_ROLE: 'api', VOXCALL_NODE_ID: 'api-1' } });
  try {
    const { text, samples } = await scrape(api.platform);
    const declared = families(text);
    for (const name of ['voxcall_push_attempts_total', 'voxcall_push_attempt_errors_total', 'voxcall_push_outcomes_total', 'voxcall_push_attempt_duration_seconds', 'voxcall_endpoint_breaker_state', 'voxcall_endpoint_breakers']) {
      assert.ok(!declared.has(name), name);
    }
    assert.deepEqual(only(samples, 'voxcall_push_queue_depth').labels, { node: 'api-1', scope: 'store' });
    assert.deepEqual(only(samples, 'voxcall_calls_started_total', { kind: 'notify' }).labels, { node: 'api-1', kind: 'notify' });
    assert.equal(only(samples, 'voxcall_node_info').labels.role, 'api');
  } finally {
    await api.close();
  }
});
