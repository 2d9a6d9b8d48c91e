// Call ports are the app's calls in progress (src/policy/ports.ts), counted by CallRepo.create in
// the transaction that stores the call, on both backends: a quota of active calls; a call frees its
// port by becoming 'ended' and by nothing else (no counter, no give-back), also when recovery or an
// adopting node ends it; the limits' counters name the refusal first; a lowered quota refuses
// until enough calls end; exact when two stores (two nodes) race for the last port.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { Call } from '../../src/domain/call.js';
import { loadPgMigrations, migratePg } from '../../src/store/postgres/migrate.js';
import { createPool } from '../../src/store/postgres/pool.js';
import { loadMigrations, migrate } from '../../src/store/sqlite/migrate.js';
import type { CounterTake } from '../../src/store/types.js';
import { PG_URL, postgresBackend, storeBackends, type TempStore } from '../store/backends.js';
import { call, record, sessionId, T0 } from '../store/fixtures.js';

const limit = (key: string, max: number): CounterTake => ({ scope: 'callee:60', key, windowStart: 0, expiresAt: 60_000, max });

for (const b of storeBackends()) {
  describe(`call ports in the store (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    beforeEach(async () => { ts = await b.open(); });
    afterEach(() => ts.cleanup());

    /** Places a call of the app with a port quota; resolves create's answer and the call. */
    const place = async (appKey: string, quota: number, takes: CounterTake[] = [], store = ts.store) => {
      const c = call(sessionId(), { appKey });
      return { created: await store.calls.create(c, takes, { max: quota }), call: c };
    };
    const end = (c: Call, store = ts.store) => store.calls.finish(record(c.sessionId, { appKey: c.appKey }), undefined, []);
    const active = async (appKey: string) =>
      Number((await ts.sql<{ n: number }>("SELECT COUNT(*) AS n FROM calls WHERE app_key = ? AND state = 'active'", appKey))[0]!.n);
    const counterRows = async () => Number((await ts.sql<{ n: number }>('SELECT COUNT(*) AS n FROM policy_counters'))[0]!.n);

    test('quota 2: two calls admitted, the third refused; one finished, one more admitted; no counter written', async () => {
      const first = await place('q2', 2);
      const second = await place('q2', 2);
      assert.deepEqual([first.created, second.created], [{ idlePorts: 1 }, { idlePorts: 0 }]);
      const third = await place('q2', 2);
      assert.deepEqual(third.created, { refused: 'ports' });
      assert.equal(await ts.store.calls.get(third.call.sessionId), undefined, 'the refused call is not stored');
      assert.equal((await place('other-app', 1)).created.refused, undefined, 'another app\'s ports are its own');

      await end(first.call);
      assert.deepEqual((await place('q2', 2)).created, { idlePorts: 0 });
      assert.deepEqual((await place('q2', 2)).created, { refused: 'ports' });
      assert.equal(await active('q2'), 2);
      assert.equal(await counterRows(), 0, 'a port is a call row, not a counter');
    });

    test('the counters come first: a full limit names the refusal before full ports; a refused call takes nothing', async () => {
      assert.deepEqual((await place('lim', 1, [limit('+861', 1)])).created, { idlePorts: 0 });
      assert.deepEqual((await place('lim', 1, [limit('+861', 1)])).created, { refused: 0 }, 'the limit is full too and comes first');
      assert.deepEqual((await place('lim', 1, [limit('+862', 5)])).created, { refused: 'ports' });
      assert.equal(await ts.store.policy.count('callee:60', '+862', 0), 0, 'the call the ports refused took no counter');
      assert.equal(await active('lim'), 1);
    });

    test('a call ended by recovery or by an adopting node frees its port with no other write', async () => {
      // What a process that died mid-call leaves: its calls active, one unowned (a single node's,
      // ended by its own restart), one owned by a node whose heartbeat stopped.
      const unowned = await place('crash', 2);
      const owned = await place('crash', 2);
      await ts.sql('UPDATE calls SET node_id = ? WHERE session_id = ?', 'dead-node', owned.call.sessionId);
      await ts.store.nodes.heartbeat({ id: 'dead-node', role: 'all', hostName: 'a', startedAt: T0, heartbeatAt: T0 });
      assert.deepEqual((await place('crash', 2)).created, { refused: 'ports' });

      // The restarted process (another store) ends what it finds in progress, as engine.recover does.
      const restarted = await ts.another();
      const found = (await restarted.calls.unfinished('restarted-node')).filter((c) => c.appKey === 'crash');
      assert.deepEqual(found.map((c) => c.sessionId), [unowned.call.sessionId]);
      await end(found[0]!, restarted);
      const again = await place('crash', 2, [], restarted);
      assert.deepEqual(again.created, { idlePorts: 0 });
      assert.deepEqual((await place('crash', 2)).created, { refused: 'ports' });

      // A live node adopts the dead one's calls and ends them (docs/cluster.md).
      const adopted = await restarted.nodes.adopt('dead-node', 'restarted-node', T0 + 60_000);
      assert.deepEqual(adopted.map((c) => c.sessionId), [owned.call.sessionId]);
      await end(adopted[0]!, restarted);
      assert.deepEqual((await place('crash', 2)).created, { idlePorts: 0 });
      assert.equal(await counterRows(), 0);
    });

    test('a quota lowered below the calls in progress refuses new calls until enough end', async () => {
      const calls: Call[] = [];
      for (let i = 0; i < 3; i++) {
        const p = await place('low', 3);
        assert.equal(p.created.refused, undefined);
        calls.push(p.call);
      }
      assert.deepEqual((await place('low', 1)).created, { refused: 'ports' });
      await end(calls[0]!);
      assert.deepEqual((await place('low', 1)).created, { refused: 'ports' }, 'two calls still hold ports');
      await end(calls[1]!);
      assert.deepEqual((await place('low', 1)).created, { refused: 'ports' }, 'one call still holds the only port');
      await end(calls[2]!);
      assert.deepEqual((await place('low', 1)).created, { idlePorts: 0 });
      assert.deepEqual((await place('low', 0)).created, { refused: 'ports' }, 'a quota of 0 admits nothing');
    });

    test('two stores racing for the last port: exactly one call is stored', async () => {
      const other = await ts.another();
      for (let round = 0; round < 30; round++) {
        const appKey = `race${round}`;
        assert.deepEqual((await place(appKey, 2)).created, { idlePorts: 1 });
        const got = await Promise.all([ts.store, other].map((s) => place(appKey, 2, [], s)));
        const answers = got.map((g) => JSON.stringify(g.created)).sort();
        assert.deepEqual(answers, ['{"idlePorts":0}', '{"refused":"ports"}'], `round ${round}`);
        const stored = await Promise.all(got.map((g) => ts.store.calls.get(g.call.sessionId)));
        assert.equal(stored.filter(Boolean).length, 1, `round ${round}: one of the two stored`);
        assert.equal(await active(appKey), 2);
      }
    });
  });
}

// The port counters of before (scope 'ports', never expiring) held ports that may have leaked;
// migration 012 deletes them, and nothing else.
const OLD_COUNTERS = `INSERT INTO policy_counters (scope, key, window_start, count, expires_at) VALUES
  ('ports', 'leaky', 0, 3, ${Number.MAX_SAFE_INTEGER}), ('callee:60', '+861', 0, 2, 60000)`;
const LEFT = 'SELECT scope, key, count FROM policy_counters ORDER BY scope';
const kept = [{ scope: 'callee:60', key: '+861', count: 2 }];

describe('migration 012 deletes the old port counters', () => {
  test('sqlite', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, 0, loadMigrations().filter((m) => m.version < 12));
      db.exec(OLD_COUNTERS);
      assert.deepEqual(migrate(db, 0, loadMigrations().filter((m) => m.version <= 12)), [12]);
      assert.deepEqual(db.prepare(LEFT).all().map((r) => ({ ...(r as object) })), kept);
    } finally {
      db.close();
    }
  });

  test('postgres', { skip: postgresBackend.skip }, async () => {
    const schema = `ports012_${process.pid}`;
    const admin = createPool(PG_URL!, { max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = createPool(PG_URL!, { schema, max: 1 });
    try {
      await migratePg(pool, 0, loadPgMigrations().filter((m) => m.version < 12));
      await pool.query(OLD_COUNTERS);
      assert.deepEqual(await migratePg(pool, 0, loadPgMigrations().filter((m) => m.version <= 12)), [12]);
      assert.deepEqual((await pool.query(LEFT)).rows, kept);
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
