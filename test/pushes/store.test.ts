// PushAdminRepo on a real SQLite file: listing with filters and keyset pages, replay (same id,
// attempt numbers continue, per-call order kept), the failed-CDR export and retention.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { PushAttempt } from '../../src/domain/push.js';
import type { PushKey } from '../../src/store/types.js';
import { push, T0, tempStore, type TempStore } from '../store/fixtures.js';

const LEASE = 11_000;
const fifty = () => 50;
const DAY = 86_400_000;

describe('push admin store', () => {
  let t: TempStore;
  let db: Database.Database;
  beforeEach(() => {
    t = tempStore();
    db = new Database(t.path);
  });
  afterEach(async () => {
    db.close();
    await t.cleanup();
  });
  /** Sets rows to a finished state the way the dispatcher would leave them. */
  const finish = (id: string, state: 'delivered' | 'failed' | 'merged', attempts = 1, extra: Record<string, unknown> = {}) => {
    db.prepare(`UPDATE pushes SET state = @state, attempts = @attempts, step = @attempts, last_error = @err, merged_into = @into,
                exported_at = @exportedAt WHERE id = @id`)
      .run({ id, state, attempts, err: state === 'failed' ? 'non_2xx' : null, into: extra.mergedInto ?? null, exportedAt: extra.exportedAt ?? null });
    for (let n = 1; n <= attempts; n++) {
      db.prepare('INSERT INTO push_attempts (push_id, n, at, latency_ms, ok, http_status, error_class) VALUES (?, ?, ?, 3, ?, ?, ?)')
        .run(id, n, T0 + n, state === 'delivered' && n === attempts ? 1 : 0, state === 'delivered' && n === attempts ? 200 : 503, state === 'delivered' && n === attempts ? null : 'non_2xx');
    }
  };
  const complete = (id: string, n: number, ok: boolean) => {
    const a: PushAttempt = { pushId: id, n, at: T0, latencyMs: 1, ok, httpStatus: ok ? 200 : 503 };
    return t.store.outbox.complete([a] as never, ok ? { state: 'delivered' } : { state: 'failed' });
  };

  it('lists newest first with every filter, in keyset pages', async () => {
    const a = t.store.pushAdmin;
    await t.store.outbox.enqueue([
      push({ id: 'a1', createdAt: T0 + 1, appKey: 'A', sessionId: 's1', url: 'http://x/1' }),
      push({ id: 'a2', createdAt: T0 + 2, appKey: 'A', sessionId: 's1', url: 'http://x/2', dialect: 'vsp', kind: 'record' }),
      push({ id: 'a3', createdAt: T0 + 3, appKey: 'A', sessionId: 's2', url: 'http://x/1' }),
      push({ id: 'b1', createdAt: T0 + 3, appKey: 'B', sessionId: 's3', url: 'http://x/1' }),
      push({ id: 'b2', createdAt: T0 + 5, appKey: 'B', sessionId: 's3', url: 'http://x/2', kind: 'record' }),
    ]);
    finish('a3', 'failed');
    const ids = async (q: object, after?: PushKey, limit = 100) => (await a.list(q, after, limit)).map((p) => p.id);
    assert.deepEqual(await ids({}), ['b2', 'b1', 'a3', 'a2', 'a1']);
    assert.deepEqual(await ids({ appKey: 'A' }), ['a3', 'a2', 'a1']);
    assert.deepEqual(await ids({ sessionId: 's1' }), ['a2', 'a1']);
    assert.deepEqual(await ids({ url: 'http://x/1' }), ['b1', 'a3', 'a1']);
    assert.deepEqual(await ids({ dialect: 'vsp' }), ['a2']);
    assert.deepEqual(await ids({ kind: 'record' }), ['b2', 'a2']);
    assert.deepEqual(await ids({ state: 'failed' }), ['a3']);
    assert.deepEqual(await ids({ createdFrom: T0 + 2, createdTo: T0 + 5 }), ['b1', 'a3', 'a2']);
    // Pages of two, each after the last of the previous one; ties on created_at break by id.
    const seen: string[] = [];
    let after: PushKey | undefined;
    for (;;) {
      const page = await a.list({}, after, 2);
      seen.push(...page.map((p) => p.id));
      if (page.length < 2) break;
      after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
    }
    assert.deepEqual(seen, ['b2', 'b1', 'a3', 'a2', 'a1']);
  });

  it('shows a push with its attempts; replay keeps the id and continues the attempt numbers', async () => {
    const a = t.store.pushAdmin;
    await t.store.outbox.enqueue([push({ id: 'f1' })]);
    finish('f1', 'failed', 2);
    const shown = await a.show('f1');
    assert.equal(shown?.push.state, 'failed');
    assert.deepEqual(shown?.attempts.map((x) => x.n), [1, 2]);
    assert.equal(await a.show('nope'), undefined);

    assert.deepEqual(await a.replay(['f1'], T0 + 100), { replayed: 1 });
    const p = (await a.show('f1'))!.push;
    assert.deepEqual([p.state, p.attempts, p.step, p.replays, p.nextAt, p.lastError], ['queued', 2, 0, 1, T0 + 100, 'non_2xx']);
    // A queued push is on its way already: refused, nothing changed.
    assert.deepEqual(await a.replay(['f1'], T0 + 200), { reason: 'queued', id: 'f1' });
    const claimed = await t.store.outbox.claim(T0 + 100, 10, LEASE, fifty);
    assert.deepEqual(claimed.map((x) => [x.id, x.attempts]), [['f1', 2]]);
    await complete('f1', 3, true);
    assert.deepEqual((await a.show('f1'))!.attempts.map((x) => [x.n, x.ok]), [[1, false], [2, false], [3, true]]);
    assert.equal((await a.show('f1'))!.push.state, 'delivered');
    // Delivered pushes can be replayed too (a receiver that lost its data).
    assert.deepEqual(await a.replay(['f1'], T0 + 300), { replayed: 1 });
    assert.equal((await a.show('f1'))!.push.replays, 2);
  });

  it('refuses a merged push (naming the push that carried it) and unknown ids, changing nothing', async () => {
    const a = t.store.pushAdmin;
    await t.store.outbox.enqueue([push({ id: 'carrier', kind: 'record' }), push({ id: 'rider', kind: 'record' }), push({ id: 'ok' })]);
    finish('carrier', 'failed');
    finish('rider', 'merged', 0, { mergedInto: 'carrier' });
    finish('ok', 'failed');
    assert.deepEqual(await a.replay(['ok', 'rider'], T0), { reason: 'merged', id: 'rider', mergedInto: 'carrier' });
    assert.deepEqual(await a.replay(['ok', 'ghost'], T0), { reason: 'not_found', id: 'ghost' });
    assert.equal((await a.show('ok'))!.push.state, 'failed', 'one refusal refuses the whole request');
  });

  it('bulk replay by filter keeps per-call order, is bounded, and reports what matched', async () => {
    const a = t.store.pushAdmin;
    const key = 's9 http://x/status';
    await t.store.outbox.enqueue([3, 1, 2].map((seq) => push({ id: `e${seq}`, sessionId: 's9', orderKey: key, seq, createdAt: T0 + seq })));
    for (const id of ['e1', 'e2', 'e3']) finish(id, 'failed');
    assert.deepEqual(await a.replayWhere({ sessionId: 's9' }, T0 + 10, 2), { matched: 3, replayed: 0 }, 'over the bound: nothing');
    assert.deepEqual(await a.replayWhere({ sessionId: 's9' }, T0 + 10, 10), { matched: 3, replayed: 3 });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const got = await t.store.outbox.claim(T0 + 10, 10, LEASE, fifty);
      assert.ok(got.length <= 1, `one at a time per call, got ${got.map((x) => x.id)}`);
      if (got.length === 0) break;
      order.push(got[0]!.id);
      await complete(got[0]!.id, 2, true);
    }
    assert.deepEqual(order, ['e1', 'e2', 'e3']);
    assert.deepEqual(await a.replayWhere({ sessionId: 's9' }, T0, 10), { matched: 0, replayed: 0 }, 'state defaults to failed');
    assert.deepEqual(await a.replayWhere({ sessionId: 's9', state: 'delivered' }, T0, 10), { matched: 3, replayed: 3 });
    await assert.rejects(a.replayWhere({ state: 'queued' }, T0, 10), RangeError);
  });

  it('a replayed earlier event waits for nothing but blocks a later queued event of its call', async () => {
    const a = t.store.pushAdmin;
    const key = 's8 http://x/status';
    await t.store.outbox.enqueue([push({ id: 'k1', orderKey: key, seq: 1 })]);
    finish('k1', 'failed');
    await t.store.outbox.enqueue([push({ id: 'k2', orderKey: key, seq: 2 })]);
    await a.replay(['k1'], T0);
    assert.deepEqual((await t.store.outbox.claim(T0, 10, LEASE, fifty)).map((x) => x.id), ['k1']);
    await complete('k1', 2, true);
    assert.deepEqual((await t.store.outbox.claim(T0, 10, LEASE, fifty)).map((x) => x.id), ['k2']);
  });

  it('exports failed CDRs in pages, marks them only when asked', async () => {
    const a = t.store.pushAdmin;
    await t.store.outbox.enqueue([
      push({ id: 'r1', kind: 'record', createdAt: T0 + 1, item: { fee: 1 } }),
      push({ id: 'r2', kind: 'record', createdAt: T0 + 2, appKey: 'other' }),
      push({ id: 'r3', kind: 'record', createdAt: T0 + 3 }),
      push({ id: 'st', kind: 'status', createdAt: T0 + 4 }),
      push({ id: 'r4', kind: 'record', createdAt: T0 + 5 }),
    ]);
    for (const id of ['r1', 'r2', 'r3', 'st']) finish(id, 'failed');
    finish('r4', 'delivered');
    const all = await a.failedRecords({}, undefined, 10);
    assert.deepEqual(all.map((r) => r.pushId), ['r1', 'r2', 'r3']);
    assert.deepEqual(all[0], {
      pushId: 'r1', appKey: 'app1', sessionId: 's1', url: 'http://127.0.0.1:1/status', format: 'huawei', attempts: 1,
      lastError: 'non_2xx', createdAt: T0 + 1, items: [{ fee: 1 }],
    });
    assert.deepEqual((await a.failedRecords({ appKey: 'app1' }, undefined, 10)).map((r) => r.pushId), ['r1', 'r3']);
    const page1 = await a.failedRecords({}, undefined, 2, T0 + 50);
    assert.deepEqual(page1.map((r) => [r.pushId, r.exportedAt]), [['r1', T0 + 50], ['r2', T0 + 50]]);
    const page2 = await a.failedRecords({}, { createdAt: T0 + 2, id: 'r2' }, 2);
    assert.deepEqual(page2.map((r) => [r.pushId, r.exportedAt]), [['r3', undefined]]);
    assert.deepEqual((await a.failedRecords({ unexportedOnly: true }, undefined, 10)).map((r) => r.pushId), ['r3']);
    // Exporting again keeps the first export time (retention counts from it).
    await a.failedRecords({}, undefined, 10, T0 + 99);
    assert.equal((await a.show('r1'))!.push.exportedAt, T0 + 50);
  });

  it('prunes delivered, merged and exported-failed pushes in batches; never queued nor unexported failed ones', async () => {
    const a = t.store.pushAdmin;
    await t.store.outbox.enqueue([
      push({ id: 'old-delivered', createdAt: T0 }), push({ id: 'old-merged', createdAt: T0, kind: 'record' }),
      push({ id: 'old-failed', createdAt: T0 }), push({ id: 'old-exported', createdAt: T0, kind: 'record' }),
      push({ id: 'old-queued', createdAt: T0 }), push({ id: 'new-delivered', createdAt: T0 + 40 * DAY }),
      push({ id: 'fresh-export', createdAt: T0, kind: 'record' }),
    ]);
    finish('old-delivered', 'delivered', 2);
    finish('old-merged', 'merged', 0, { mergedInto: 'old-exported' });
    finish('old-failed', 'failed');
    finish('old-exported', 'failed', 1, { exportedAt: T0 + DAY });
    finish('new-delivered', 'delivered');
    finish('fresh-export', 'failed', 1, { exportedAt: T0 + 35 * DAY });
    const cutoff = T0 + 31 * DAY;
    assert.equal(await a.prune(cutoff, 2), 2);
    assert.equal(await a.prune(cutoff, 2), 1);
    assert.equal(await a.prune(cutoff, 2), 0);
    const left = (await a.list({}, undefined, 100)).map((p) => p.id).sort();
    assert.deepEqual(left, ['fresh-export', 'new-delivered', 'old-failed', 'old-queued']);
    assert.equal(db.prepare("SELECT COUNT(*) FROM push_attempts WHERE push_id LIKE 'old-delivered'").pluck().get(), 0);
  });
});
