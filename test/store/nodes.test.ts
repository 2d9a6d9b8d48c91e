// Nodes sharing one store (docs/cluster.md): heartbeats, and the adoption of a dead node's active
// calls by a live one, exactly once even when two nodes try at once.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Call } from '../../src/domain/call.js';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { NodeInfo } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { call, sessionId, T0 } from './fixtures.js';

const node = (id: string, heartbeatAt: number, over: Partial<NodeInfo> = {}): NodeInfo => ({
  id, role: 'all', hostName: 'host-a', startedAt: T0, heartbeatAt, ...over,
});

/** A call row as node `owner` would have stored it (raw SQL: calls.create is the calls repo's). */
async function storedCall(t: TempStore, owner: string | null, state: 'active' | 'ended', at: number): Promise<Call> {
  const c = call(sessionId(), { createdAt: at });
  await t.sql(
    'INSERT INTO calls (session_id, app_key, state, session_seq, call_json, created_at, kind, node_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    c.sessionId, c.appKey, state, 1, JSON.stringify(c), c.createdAt, c.plan.kind, owner,
  );
  return c;
}

const owners = async (t: TempStore, ids: string[]) => {
  const out: Record<string, string | null> = {};
  for (const id of ids) out[id] = (await t.sql<{ node_id: string | null }>('SELECT node_id FROM calls WHERE session_id = ?', id))[0]!.node_id;
  return out;
};

for (const b of storeBackends()) {
  describe(`nodes (${b.name})`, { skip: b.skip }, () => {
    let t: TempStore;
    before(async () => {
      t = await b.open();
    });
    after(async () => {
      await t.cleanup();
    });

    it('a heartbeat creates the row, the next one refreshes it; list shows every node by id', async () => {
      await t.store.nodes.heartbeat(node('hb-b', T0 + 1000, { role: 'dispatcher' }));
      await t.store.nodes.heartbeat(node('hb-a', T0 + 1000));
      await t.store.nodes.heartbeat(node('hb-a', T0 + 6000, { role: 'api', hostName: 'host-b' }));
      const listed = (await t.store.nodes.list()).filter((n) => n.id.startsWith('hb-'));
      assert.deepEqual(listed, [node('hb-a', T0 + 6000, { role: 'api', hostName: 'host-b' }), node('hb-b', T0 + 1000, { role: 'dispatcher' })]);
    });

    it('adopt moves only the stale node\'s active calls, oldest first, and deletes its row', async () => {
      await t.store.nodes.heartbeat(node('dead-1', T0));
      await t.store.nodes.heartbeat(node('live-1', T0 + 20_000));
      const second = await storedCall(t, 'dead-1', 'active', T0 + 2);
      const first = await storedCall(t, 'dead-1', 'active', T0 + 1);
      const ended = await storedCall(t, 'dead-1', 'ended', T0);
      const others = await storedCall(t, 'live-1', 'active', T0);
      const unowned = await storedCall(t, null, 'active', T0);

      const adopted = await t.store.nodes.adopt('dead-1', 'live-1', T0 + 5000);
      assert.deepEqual(adopted.map((c) => c.sessionId), [first.sessionId, second.sessionId]);
      assert.deepEqual(adopted[0], first, 'the call as stored');
      assert.deepEqual(await owners(t, [first.sessionId, second.sessionId, ended.sessionId, others.sessionId, unowned.sessionId]), {
        [first.sessionId]: 'live-1', [second.sessionId]: 'live-1', [ended.sessionId]: 'dead-1', [others.sessionId]: 'live-1', [unowned.sessionId]: null,
      });
      assert.deepEqual((await t.store.nodes.list()).map((n) => n.id).filter((id) => id.endsWith('-1')), ['live-1']);
      assert.deepEqual(await t.store.nodes.adopt('dead-1', 'live-1', T0 + 5000), [], 'adopted once');
    });

    it('a node whose heartbeat is not older than staleBefore is not adopted', async () => {
      await t.store.nodes.heartbeat(node('alive-2', T0 + 5000));
      const c = await storedCall(t, 'alive-2', 'active', T0);
      assert.deepEqual(await t.store.nodes.adopt('alive-2', 'other-2', T0 + 5000), []);
      assert.deepEqual(await owners(t, [c.sessionId]), { [c.sessionId]: 'alive-2' });
      assert.ok((await t.store.nodes.list()).some((n) => n.id === 'alive-2'));
    });

    it('two stores adopting the same dead node at once: one gets every call, the other none', async () => {
      const other = await t.another();
      for (let round = 0; round < 5; round++) {
        const dead = `dead-3-${round}`;
        await t.store.nodes.heartbeat(node(dead, T0));
        const calls = [];
        for (let i = 0; i < 4; i++) calls.push((await storedCall(t, dead, 'active', T0 + i)).sessionId);
        const [a, b2] = await Promise.all([
          t.store.nodes.adopt(dead, 'node-a', T0 + 1000),
          other.nodes.adopt(dead, 'node-b', T0 + 1000),
        ]);
        const winner = a.length > 0 ? 'node-a' : 'node-b';
        assert.deepEqual([a.length, b2.length].sort(), [0, 4], `round ${round}: one adopter gets the calls`);
        assert.deepEqual([...a, ...b2].map((c) => c.sessionId), calls);
        assert.deepEqual(Object.values(await owners(t, calls)), calls.map(() => winner));
      }
    });
  });
}

describe('calls owned by the node of their store (sqlite)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxcall-nodes-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('calls.create stamps the store\'s node; unfinished(node) is its own and the unowned calls', async () => {
    const path = join(dir, 'voxcall.db');
    const a = createSqliteStore(path, { nodeId: 'node-a' });
    const b = createSqliteStore(path, { nodeId: 'node-b' });
    const unowned = createSqliteStore(path);
    try {
      const ca = call(sessionId(), { createdAt: T0 + 1 });
      const cb = call(sessionId(), { createdAt: T0 + 2 });
      const cn = call(sessionId(), { createdAt: T0 + 3 });
      await a.calls.create(ca);
      await b.calls.create(cb);
      await unowned.calls.create(cn);
      assert.deepEqual((await a.calls.unfinished('node-a')).map((c) => c.sessionId), [ca.sessionId, cn.sessionId]);
      assert.deepEqual((await a.calls.unfinished('node-b')).map((c) => c.sessionId), [cb.sessionId, cn.sessionId]);
      assert.deepEqual((await a.calls.unfinished()).map((c) => c.sessionId), [ca.sessionId, cb.sessionId, cn.sessionId]);
      await a.nodes.heartbeat(node('node-b', T0));
      assert.deepEqual((await a.nodes.adopt('node-b', 'node-a', T0 + 1)).map((c) => c.sessionId), [cb.sessionId]);
      assert.deepEqual((await a.calls.unfinished('node-a')).map((c) => c.sessionId), [ca.sessionId, cb.sessionId, cn.sessionId]);
    } finally {
      await a.close();
      await b.close();
      await unowned.close();
    }
  });
});
