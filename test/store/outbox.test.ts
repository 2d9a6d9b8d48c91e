import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { storeBackends, type TempStore } from './backends.js';
import { originOf } from '../../src/domain/receiver.js';
import { push, T0 } from './fixtures.js';

const LEASE = 11_000;
const fifty = () => 50;
const URL = 'http://127.0.0.1:1/status';

for (const b of storeBackends()) describe(`outbox (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('claims only due pushes, leases them, and re-claims after the lease expires', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'a', orderKey: 'k1' }), push({ id: 'later', availableAt: T0 + 5000 })]);
    assert.equal(await o.nextDueAt(), T0);
    const first = await o.claim(T0, 10, LEASE, fifty);
    assert.deepEqual(first.map((p) => p.id), ['a']);
    assert.equal(first[0]!.nextAt, T0 + LEASE);
    assert.deepEqual(first[0]!.items, [{ n: first[0]!.items.length && (first[0]!.items[0] as { n: number }).n }]);
    // Leased: not claimable again until the lease ends (a crashed node's lease simply expires).
    assert.deepEqual((await o.claim(T0 + 1000, 10, LEASE, fifty)).map((p) => p.id), []);
    assert.deepEqual((await o.claim(T0 + 5000, 10, LEASE, fifty)).map((p) => p.id), ['later']);
    assert.equal(await o.nextDueAt(), T0 + LEASE);
    const again = await o.claim(T0 + LEASE, 10, LEASE, fifty);
    assert.deepEqual(again.map((p) => p.id), ['a']);
    assert.equal(again[0]!.attempts, 0);
  });

  it('delivers one order key in seq order; a failing earlier push holds back later ones only', async () => {
    const o = t.store.outbox;
    await o.enqueue([
      push({ id: 'c1-1', orderKey: 'call1', seq: 1 }),
      push({ id: 'c1-2', orderKey: 'call1', seq: 2 }),
      push({ id: 'c1-3', orderKey: 'call1', seq: 3 }),
      push({ id: 'c2-1', orderKey: 'call2', seq: 1 }),
    ]);
    assert.deepEqual((await o.claim(T0, 10, LEASE, fifty)).map((p) => p.id).sort(), ['c1-1', 'c2-1']);
    // c1-1 fails its first attempt: it is retried in 1 s and c1-2 still waits.
    await o.complete([{ pushId: 'c1-1', n: 1, at: T0, latencyMs: 3, ok: false, httpStatus: 500, errorClass: 'non_2xx' }],
      { state: 'queued', nextAt: T0 + 1000 });
    await o.complete([{ pushId: 'c2-1', n: 1, at: T0, latencyMs: 3, ok: true, httpStatus: 200 }], { state: 'delivered' });
    assert.equal(await o.nextDueAt(), T0 + 1000, 'blocked rows do not count as due');
    assert.deepEqual((await o.claim(T0 + 500, 10, LEASE, fifty)).map((p) => p.id), []);
    assert.deepEqual((await o.claim(T0 + 1000, 10, LEASE, fifty)).map((p) => p.id), ['c1-1']);
    await o.complete([{ pushId: 'c1-1', n: 2, at: T0 + 1000, latencyMs: 3, ok: true, httpStatus: 200 }], { state: 'delivered' });
    assert.deepEqual((await o.claim(T0 + 1000, 10, LEASE, fifty)).map((p) => p.id), ['c1-2']);
    // Given up (failed) also releases the next one.
    await o.complete([{ pushId: 'c1-2', n: 1, at: T0 + 1000, latencyMs: 3, ok: false, errorClass: 'refused' }], { state: 'failed' });
    assert.deepEqual((await o.claim(T0 + 1000, 10, LEASE, fifty)).map((p) => p.id), ['c1-3']);

    const p1 = await o.get('c1-1');
    assert.equal(p1?.state, 'delivered');
    assert.equal(p1?.attempts, 2);
    assert.equal(p1?.deliveredAt, T0 + 1000);
    assert.equal(p1?.lastError, 'non_2xx');
    assert.deepEqual((await o.attempts('c1-1')).map((a) => [a.n, a.ok, a.httpStatus, a.errorClass]),
      [[1, false, 500, 'non_2xx'], [2, true, 200, undefined]]);
    assert.deepEqual(await o.counts(), { queued: 1, delivered: 2, failed: 1, merged: 0 });
  });

  it('an earlier push enqueued after a later one still goes first', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'two', orderKey: 'k', seq: 2 })]);
    await o.enqueue([push({ id: 'one', orderKey: 'k', seq: 1 })]);
    assert.deepEqual((await o.claim(T0, 10, LEASE, fifty)).map((p) => p.id), ['one']);
  });

  it('a late completion after the lease moved on changes nothing', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'a' })]);
    await o.claim(T0, 1, LEASE, fifty);
    await o.claim(T0 + LEASE, 1, LEASE, fifty); // another node re-claims after expiry
    await o.complete([{ pushId: 'a', n: 1, at: T0 + LEASE, latencyMs: 1, ok: true, httpStatus: 200 }], { state: 'delivered' });
    await o.complete([{ pushId: 'a', n: 1, at: T0 + LEASE + 1, latencyMs: 1, ok: false, errorClass: 'timeout' }],
      { state: 'queued', nextAt: T0 + 99_999 });
    const p = await o.get('a');
    assert.equal(p?.state, 'delivered');
    assert.equal((await o.attempts('a')).length, 1);
  });

  it('merges never-attempted records of one batch key and url, up to maxBatch items', async () => {
    const o = t.store.outbox;
    const rec = (id: string, over: Parameters<typeof push>[0] = {}) =>
      push({ id, kind: 'record', url: 'http://r/fee', batchKey: 'app1 2026-01-01 00:00:09', item: id, ...over });
    const many = Array.from({ length: 60 }, (_, i) => rec(`r${String(i).padStart(2, '0')}`));
    await o.enqueue([
      ...many,
      rec('other-url', { url: 'http://r/other' }),
      rec('other-key', { batchKey: 'app1 2026-01-01 00:00:10' }),
      rec('not-yet', { availableAt: T0 + 60_000 }),
    ]);
    const claimed = await o.claim(T0, 2, LEASE, fifty);
    assert.equal(claimed.length, 2);
    const [big, rest] = claimed;
    assert.equal(big!.items.length, 50);
    assert.deepEqual(big!.items.slice(0, 3), ['r00', 'r01', 'r02']);
    // The second claimed row was due in the same scan: r50 heads the remaining ten.
    assert.equal(rest!.id, 'r50');
    assert.equal(rest!.items.length, 10);
    assert.equal((await o.get('r01'))?.state, 'merged');
    assert.equal((await o.get('r01'))?.mergedInto, 'r00');
    assert.equal((await o.get('other-url'))?.items.length, 1);
    const counts = await o.counts();
    assert.equal(counts.merged, 58);

    // A record that was already attempted is never absorbed, and never absorbs.
    await o.complete([{ pushId: 'other-url', n: 1, at: T0, latencyMs: 1, ok: false, errorClass: 'timeout' }],
      { state: 'queued', nextAt: T0 + 1 });
    await o.enqueue([rec('late', { url: 'http://r/other', availableAt: T0 + 1 })]);
    const next = await o.claim(T0 + 1, 10, LEASE, fifty);
    const byId = new Map(next.map((p) => [p.id, p]));
    assert.equal(byId.get('other-url')?.items.length, 1);
    assert.equal(byId.get('late')?.items.length, 1);
  });

  it('lists with filters and keeps failed pushes', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'a', sessionId: 's1' }), push({ id: 'b', sessionId: 's2', kind: 'record', appKey: 'app2' })]);
    await o.claim(T0, 10, LEASE, fifty);
    await o.complete([{ pushId: 'b', n: 1, at: T0, latencyMs: 2, ok: false, errorClass: 'dns', error: 'ENOTFOUND' }], { state: 'failed' });
    assert.deepEqual((await o.list({ state: 'failed' })).map((p) => p.id), ['b']);
    assert.deepEqual((await o.list({ appKey: 'app1' })).map((p) => p.id), ['a']);
    assert.deepEqual((await o.list({ kind: 'record', sessionId: 's2' })).map((p) => p.lastError), ['ENOTFOUND']);
    assert.equal((await o.list({ limit: 1 })).length, 1);
    assert.equal(await o.nextDueAt(), T0 + LEASE);
  });

  it('stores the first KiB of a response and keeps claims cheap with a large backlog', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'big' })]);
    await o.claim(T0, 1, LEASE, fifty);
    await o.complete([{ pushId: 'big', n: 1, at: T0, latencyMs: 1, ok: false, httpStatus: 500, responseHead: 'x'.repeat(5000) }],
      { state: 'failed' });
    assert.equal((await o.attempts('big'))[0]!.responseHead!.length, 1024);

    // 20k pushes waiting behind 5k failing heads (as enqueue leaves them: each key's head runnable
    // but not due, the rest blocked), inserted in one statement: the claim is measured, not enqueue.
    await t.sql(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 24999)
      INSERT INTO pushes (id, app_key, session_id, dialect, kind, url, origin, order_key, seq, items, item_count,
                          schedule, timeout_ms, state, blocked, attempts, next_at, created_at)
      SELECT 'bk' || (i / 5) || '-' || (i % 5 + 1), 'app1', 's1', 'huawei', 'status', '${URL}', '${originOf(URL)}',
             'c' || (i / 5), i % 5 + 1, '[{"n":0}]', 1, '[1000,2000]', 5000, 'queued',
             CASE WHEN i % 5 = 0 THEN 0 ELSE 1 END, 0, CASE WHEN i % 5 = 0 THEN ${T0 + 3_600_000} ELSE ${T0} END, ${T0}
      FROM n`);
    assert.deepEqual(await o.counts(), { queued: 25_000, delivered: 0, failed: 1, merged: 0 });
    // PostgreSQL plans by the table's statistics, which autovacuum gathers within a minute of a
    // load this size; a test does not wait for it. (SQLite's planner needs none.)
    if (t.backend === 'postgres') await t.sql('ANALYZE pushes');
    // Nothing is due; what keeps this cheap at any backlog is the plan below (times are the bench's).
    for (let i = 0; i < 20; i++) assert.deepEqual(await o.claim(T0 + 1000, 32, LEASE, fifty), []);
    // The same question of both planners: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN.
    const explain = t.backend === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN';
    const plan = JSON.stringify(await t.sql(`${explain} SELECT * FROM pushes p WHERE p.state = 'queued' AND p.blocked = 0
      AND p.next_at <= 1 ORDER BY p.next_at, p.created_at LIMIT 5`));
    assert.ok(plan.includes('pushes_due'), plan);
    // And the claim's own due scan, per receiver and URL: an index range, whatever the backlog.
    const receiver = JSON.stringify(await t.sql(`${explain} SELECT * FROM pushes p WHERE p.app_key = 'app1'
      AND p.origin = '${originOf(URL)}' AND p.url = '${URL}' AND p.state = 'queued' AND p.blocked = 0
      AND p.next_at <= 1 ORDER BY p.next_at, p.created_at LIMIT 5`));
    assert.ok(/pushes_(receiver|endpoint)_due/.test(receiver), receiver);
  });
});
