// LISTEN/NOTIFY between nodes on one PostgreSQL schema (src/store/postgres/signals.ts): a node
// hears the others' notices, never its own, none from another schema, and after its listening
// connection is killed it tells its subscribers that anything may have changed, then hears again.
// PostgreSQL only: SQLite serves one node and has no watch.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPool } from '../../src/store/postgres/pool.js';
import { startSignals, type PgSignals } from '../../src/store/postgres/signals.js';
import type { ChangeTopic } from '../../src/store/watch.js';
import { PG_URL, postgresBackend } from './backends.js';

/** Resolves with the next call of the callback the subscriber registers. */
function next<A extends unknown[]>(subscribe: (cb: (...a: A) => void) => () => void): Promise<A> {
  return new Promise((resolve) => {
    const stop = subscribe((...a) => {
      stop();
      resolve(a);
    });
  });
}

describe('store watch (postgres)', { skip: postgresBackend.skip }, () => {
  const schema = `watch_${process.pid}`;
  let a: PgSignals;
  let b: PgSignals;
  let other: PgSignals;
  before(async () => {
    a = await startSignals(PG_URL!, schema);
    b = await startSignals(PG_URL!, schema);
    other = await startSignals(PG_URL!, `${schema}_other`);
  });
  after(async () => {
    await Promise.all([a.close(), b.close(), other.close()]);
  });

  it('a change is heard by the other node with its topic and key, not by the sender', async () => {
    const heardByA: Array<[ChangeTopic, string | undefined]> = [];
    const stopA = a.onChanged((topic, key) => heardByA.push([topic, key]));
    const heard = next(b.onChanged);
    a.changed('apps', 'app-1');
    assert.deepEqual(await heard, ['apps', 'app-1']);
    // A round trip through b proves a's own notice had arrived (and was ignored) by now: a
    // connection's notices are delivered in order.
    const back = next(a.onChanged);
    b.changed('policy');
    assert.deepEqual(await back, ['policy', undefined]);
    stopA();
    assert.deepEqual(heardByA, [['policy', undefined]], 'a heard b, never itself');
  });

  it('pushes queued: a burst of enqueues reaches the other node as two notices (the first and one trailing)', async () => {
    let count = 0;
    let second: () => void;
    const two = new Promise<void>((r) => (second = r));
    const stop = b.onPushesQueued(() => {
      if (++count === 2) second();
    });
    for (let i = 0; i < 1000; i++) a.pushesQueued();
    await two;
    // No third: nothing was queued after the burst, so the trailing notice ends it (a marker sent
    // now arrives after anything a's connection sent before it).
    const marker = next(b.onChanged);
    a.changed('media');
    await marker;
    stop();
    assert.equal(count, 2, `1000 enqueues in one turn made ${count} notices`);
  });

  it('another schema hears nothing', async () => {
    let heard = 0;
    const stop = other.onChanged(() => heard++);
    const marker = next(b.onChanged);
    a.changed('subscriptions', 'x');
    await marker;
    // other listens on its own channel; a notice on a's channel would have reached it no later than b.
    const own = next(other.onChanged);
    const sender = await startSignals(PG_URL!, `${schema}_other`);
    sender.changed('apps', 'y');
    assert.deepEqual(await own, ['apps', 'y']);
    await sender.close();
    stop();
    assert.equal(heard, 1, 'only the notice of its own schema');
  });

  it('a killed listening connection: everything is announced as changed, then notices flow again', async () => {
    const topics = new Set<ChangeTopic>();
    const allAnnounced = new Promise<void>((resolve) => {
      const stop = b.onChanged((t, key) => {
        if (key === undefined) topics.add(t);
        if (topics.size === 4) {
          stop();
          resolve();
        }
      });
    });
    const polled = next(b.onPushesQueued);
    const admin = createPool(PG_URL!, { max: 1 });
    const killed = await admin.query<{ ok: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1', [`voxcall-signals-${b.id}`]);
    await admin.end();
    assert.equal(killed.rowCount, 1, "b's listening connection found and killed");
    await Promise.all([allAnnounced, polled]);
    assert.deepEqual([...topics].sort(), ['apps', 'media', 'policy', 'subscriptions']);
    const again = next(b.onChanged);
    a.changed('apps', 'after');
    assert.deepEqual(await again, ['apps', 'after']);
  });
});

describe('caches across nodes (postgres)', { skip: postgresBackend.skip }, () => {
  it("another node's change to an app, a subscription or a list reaches this node's caches and catalogs at once", async () => {
    const t = await postgresBackend.open();
    try {
      const here = t.store;
      const there = await t.another();
      const app = {
        appKey: 'k1', appSecret: 's', spId: 'sp', name: 'n', status: 'active' as const,
        capabilities: ['notify' as const], recordingEnabled: false, portQuota: 5, createdAt: 0,
      };
      // Every write below is awaited as a notice here before the next one, so each notice is matched to its own write.
      const seeded = next(here.watch!.onChanged);
      await there.apps.put(app);
      await seeded;
      assert.equal((await here.apps.get('k1'))?.status, 'active', 'read once: now cached here');
      const heard = next(here.watch!.onChanged);
      await there.apps.put({ ...app, status: 'suspended' });
      assert.deepEqual(await heard, ['apps', 'k1']);
      assert.equal((await here.apps.get('k1'))?.status, 'suspended', 'the cache was dropped, not waited out');

      const sub = { id: 'sub1', appKey: 'k1', url: 'http://127.0.0.1:9/x', format: 'vsp' as const, receives: 'both' as const, enabled: true, createdAt: 0, updatedAt: 0 };
      assert.deepEqual(await here.subscriptions.forApp('k1'), [], 'cached empty');
      const subHeard = next(here.watch!.onChanged);
      await there.subscriptions.create(sub);
      assert.deepEqual(await subHeard, ['subscriptions', 'k1']);
      assert.equal((await here.subscriptions.forApp('k1')).length, 1);

      const listHeard = next(here.watch!.onChanged);
      await there.policy.addListEntry({ scope: '', list: 'calleeBlacklist', number: '+8613800000000', createdAt: 0 });
      assert.deepEqual(await listHeard, ['policy', undefined]);
      const mediaHeard = next(here.watch!.onChanged);
      await there.apps.addTemplate({ id: 'tpl', content: 'hello', review: 'approved' });
      assert.deepEqual(await mediaHeard, ['media', undefined]);
    } finally {
      await t.cleanup();
    }
  });
});
