// PushAdminRepo on both backends: listing with filters and keyset pages, replay (same id, attempt
// numbers continue, per-call order kept, one winner when two nodes replay at once), deliver now,
// the failed-CDR export and retention. Push states are set up with raw SQL (push-setup.ts).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { PushKey } from '../../src/store/types.js';
import { storeBackends, type TempStore } from '../store/backends.js';
import { push, T0 } from '../store/fixtures.js';
import { finish, insertPushes, queueOf } from './push-setup.js';

const DAY = 86_400_000;

for (const b of storeBackends()) describe(`push admin store (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('lists newest first with every filter, in keyset pages', async () => {
    const a = t.store.pushAdmin;
    await insertPushes(t, [
      push({ id: 'a1', createdAt: T0 + 1, appKey: 'A', sessionId: 's1', url: 'http://x/1' }),
      push({ id: 'a2', createdAt: T0 + 2, appKey: 'A', sessionId: 's1', url: 'http://x/2', dialect: 'vsp', kind: 'record' }),
      push({ id: 'a3', createdAt: T0 + 3, appKey: 'A', sessionId: 's2', url: 'http://x/1' }),
      push({ id: 'b1', createdAt: T0 + 3, appKey: 'B', sessionId: 's3', url: 'http://x/1' }),
      push({ id: 'b2', createdAt: T0 + 5, appKey: 'B', sessionId: 's3', url: 'http://x/2', kind: 'record' }),
    ]);
    await finish(t, 'a3', 'failed');
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
    await insertPushes(t, [push({ id: 'f1', url: 'http://x/f' })]);
    await finish(t, 'f1', 'failed', 2);
    const shown = await a.show('f1');
    assert.equal(shown?.push.state, 'failed');
    assert.deepEqual(shown?.attempts.map((x) => x.n), [1, 2]);
    assert.equal(await a.show('nope'), undefined);

    await t.sql("UPDATE pushes SET origin = '', exported_at = ?, delivered_at = ? WHERE id = 'f1'", T0 + 5, T0 + 6);
    assert.deepEqual(await a.replay(['f1'], T0 + 100), { replayed: 1 });
    const p = (await a.show('f1'))!.push;
    assert.deepEqual([p.state, p.attempts, p.step, p.replays, p.nextAt, p.lastError], ['queued', 2, 0, 1, T0 + 100, 'non_2xx']);
    assert.deepEqual([p.exportedAt, p.deliveredAt], [undefined, undefined]);
    const [origin] = await t.sql<{ origin: string }>("SELECT origin FROM pushes WHERE id = 'f1'");
    assert.equal(origin!.origin, 'http://x/f', 'a row from before migration 009 gets the origin of its URL');
    // A queued push is on its way already: refused, nothing changed.
    assert.deepEqual(await a.replay(['f1'], T0 + 200), { reason: 'queued', id: 'f1' });
    assert.equal((await a.show('f1'))!.push.nextAt, T0 + 100);
    await finish(t, 'f1', 'delivered', 3);
    assert.deepEqual((await a.show('f1'))!.attempts.map((x) => [x.n, x.ok]), [[1, false], [2, false], [3, true]]);
    // Delivered pushes can be replayed too (a receiver that lost its data).
    assert.deepEqual(await a.replay(['f1'], T0 + 300), { replayed: 1 });
    assert.deepEqual([(await a.show('f1'))!.push.replays, (await a.show('f1'))!.push.attempts], [2, 3]);
  });

  it('refuses a merged push (naming the push that carried it) and unknown ids, changing nothing', async () => {
    const a = t.store.pushAdmin;
    await insertPushes(t, [push({ id: 'carrier', kind: 'record' }), push({ id: 'rider', kind: 'record' }), push({ id: 'ok' })]);
    await finish(t, 'carrier', 'failed');
    await finish(t, 'rider', 'merged', 0, { mergedInto: 'carrier' });
    await finish(t, 'ok', 'failed');
    assert.deepEqual(await a.replay(['ok', 'rider'], T0), { reason: 'merged', id: 'rider', mergedInto: 'carrier' });
    assert.deepEqual(await a.replay(['ok', 'ghost'], T0), { reason: 'not_found', id: 'ghost' });
    assert.equal((await a.show('ok'))!.push.state, 'failed', 'one refusal refuses the whole request');
    assert.deepEqual(await a.replay(['ok', 'ok'], T0), { replayed: 1 }, 'an id given twice is replayed once');
  });

  it('bulk replay by filter keeps per-call order, is bounded, and reports what matched', async () => {
    const a = t.store.pushAdmin;
    const key = 's9 http://x/status';
    await insertPushes(t, [3, 1, 2].map((seq) => push({ id: `e${seq}`, sessionId: 's9', orderKey: key, seq, createdAt: T0 + seq })));
    for (const id of ['e1', 'e2', 'e3']) await finish(t, id, 'failed');
    assert.deepEqual(await a.replayWhere({ sessionId: 's9' }, T0 + 10, 2), { matched: 3, replayed: 0 }, 'over the bound: nothing');
    assert.deepEqual(await queueOf(t, ['e1']), [['e1', 'failed', 0]]);
    assert.deepEqual(await a.replayWhere({ sessionId: 's9' }, T0 + 10, 10, 2), { matched: 3, replayed: 0 }, 'not the count confirmed: nothing');
    assert.deepEqual(await queueOf(t, ['e1', 'e2', 'e3']), [['e1', 'failed', 0], ['e2', 'failed', 0], ['e3', 'failed', 0]]);
    assert.deepEqual(await a.replayWhere({ sessionId: 's9' }, T0 + 10, 10, 3), { matched: 3, replayed: 3 });
    // The earliest goes first; the later ones wait behind it (the claim delivers them in turn).
    assert.deepEqual(await queueOf(t, ['e1', 'e2', 'e3']), [['e1', 'queued', 0], ['e2', 'queued', 1], ['e3', 'queued', 1]]);
    for (const id of ['e1', 'e2', 'e3']) await finish(t, id, 'delivered', 2);
    assert.deepEqual(await a.replayWhere({ sessionId: 's9' }, T0, 10), { matched: 0, replayed: 0 }, 'state defaults to failed');
    assert.deepEqual(await a.replayWhere({ sessionId: 's9', state: 'delivered' }, T0, 10), { matched: 3, replayed: 3 });
    await assert.rejects(a.replayWhere({ state: 'queued' }, T0, 10), RangeError);
  });

  it('a replayed earlier event waits for nothing but blocks a later queued event; a later one waits', async () => {
    const a = t.store.pushAdmin;
    const key = 's8 http://x/status';
    await insertPushes(t, [push({ id: 'k1', orderKey: key, seq: 1 }), push({ id: 'k2', orderKey: key, seq: 2 })]);
    await finish(t, 'k1', 'failed');
    assert.deepEqual(await a.replay(['k1'], T0), { replayed: 1 });
    assert.deepEqual(await queueOf(t, ['k1', 'k2']), [['k1', 'queued', 0], ['k2', 'queued', 1]]);

    await insertPushes(t, [push({ id: 'm1', orderKey: 'm', seq: 1 }), push({ id: 'm2', orderKey: 'm', seq: 2 })]);
    await finish(t, 'm2', 'failed');
    assert.deepEqual(await a.replay(['m2'], T0), { replayed: 1 });
    assert.deepEqual(await queueOf(t, ['m1', 'm2']), [['m1', 'queued', 0], ['m2', 'queued', 1]]);
  });

  it('two nodes replaying the same push at once: exactly one queues it', async () => {
    const other = await t.another();
    for (let i = 0; i < 10; i++) {
      const id = `race${i}`;
      await insertPushes(t, [push({ id, orderKey: `k${i}`, seq: 1 })]);
      await finish(t, id, 'failed');
      const results = await Promise.all([t.store.pushAdmin.replay([id], T0), other.pushAdmin.replay([id], T0)]);
      assert.deepEqual(
        results.map((r) => ('replayed' in r ? 'replayed' : r.reason)).sort(), ['queued', 'replayed'], JSON.stringify(results),
      );
      assert.equal((await t.store.pushAdmin.show(id))!.push.replays, 1);
    }
  });

  it('deliver now moves a queued push forward only, and names why it cannot', async () => {
    const a = t.store.pushAdmin;
    await insertPushes(t, [
      push({ id: 'later', availableAt: T0 + 5000 }), push({ id: 'due', availableAt: T0 }),
      push({ id: 'h1', orderKey: 'h', seq: 1, availableAt: T0 + 5000 }), push({ id: 'h2', orderKey: 'h', seq: 2, availableAt: T0 + 5000 }),
      push({ id: 'gone' }), push({ id: 'rider' }), push({ id: 'held', url: 'http://paused/x' }),
    ]);
    await finish(t, 'gone', 'delivered');
    await finish(t, 'rider', 'merged', 0, { mergedInto: 'gone' });
    await t.sql("INSERT INTO endpoints (id, url, paused, created_at, updated_at) VALUES ('ep1', 'http://paused/x', 1, ?, ?)", T0, T0);
    const moved = await a.deliverNow('later', T0 + 10);
    assert.ok('push' in moved && moved.push.nextAt === T0 + 10 && moved.push.attempts === 0, JSON.stringify(moved));
    const kept = await a.deliverNow('due', T0 + 10);
    assert.ok('push' in kept && kept.push.nextAt === T0, 'a push due already keeps its time');
    assert.deepEqual(await a.deliverNow('h2', T0 + 10), { reason: 'waiting', behind: 'h1' });
    assert.ok('push' in (await a.deliverNow('h1', T0 + 10)));
    assert.deepEqual(await a.deliverNow('gone', T0), { reason: 'delivered' });
    assert.deepEqual(await a.deliverNow('rider', T0), { reason: 'merged', mergedInto: 'gone' });
    assert.deepEqual(await a.deliverNow('held', T0), { reason: 'paused', url: 'http://paused/x' });
    assert.deepEqual(await a.deliverNow('ghost', T0), { reason: 'not_found' });
  });

  it('exports failed CDRs in pages, marks them only when asked', async () => {
    const a = t.store.pushAdmin;
    await insertPushes(t, [
      push({ id: 'r1', kind: 'record', createdAt: T0 + 1, item: { fee: 1 } }),
      push({ id: 'r2', kind: 'record', createdAt: T0 + 2, appKey: 'other' }),
      push({ id: 'r3', kind: 'record', createdAt: T0 + 3 }),
      push({ id: 'st', kind: 'status', createdAt: T0 + 4 }),
      push({ id: 'r4', kind: 'record', createdAt: T0 + 5 }),
    ]);
    for (const id of ['r1', 'r2', 'r3', 'st']) await finish(t, id, 'failed');
    await finish(t, 'r4', 'delivered');
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
    const again = await a.failedRecords({}, undefined, 10, T0 + 99);
    assert.deepEqual(again.map((r) => r.exportedAt), [T0 + 50, T0 + 50, T0 + 99]);
    assert.equal((await a.show('r1'))!.push.exportedAt, T0 + 50);
    assert.equal((await a.show('r3'))!.push.exportedAt, T0 + 99);
  });

  it('prunes delivered, merged and exported-failed pushes in batches; never queued nor unexported failed ones', async () => {
    const a = t.store.pushAdmin;
    await insertPushes(t, [
      push({ id: 'old-delivered', createdAt: T0 }), push({ id: 'old-merged', createdAt: T0, kind: 'record' }),
      push({ id: 'old-failed', createdAt: T0 }), push({ id: 'old-exported', createdAt: T0, kind: 'record' }),
      push({ id: 'old-queued', createdAt: T0 }), push({ id: 'new-delivered', createdAt: T0 + 40 * DAY }),
      push({ id: 'fresh-export', createdAt: T0, kind: 'record' }),
    ]);
    await finish(t, 'old-delivered', 'delivered', 2);
    await finish(t, 'old-merged', 'merged', 0, { mergedInto: 'old-exported' });
    await finish(t, 'old-failed', 'failed');
    await finish(t, 'old-exported', 'failed', 1, { exportedAt: T0 + DAY });
    await finish(t, 'new-delivered', 'delivered');
    await finish(t, 'fresh-export', 'failed', 1, { exportedAt: T0 + 35 * DAY });
    const cutoff = T0 + 31 * DAY;
    assert.equal(await a.prune(cutoff, 0), 0);
    assert.equal(await a.prune(cutoff, 2), 2);
    assert.equal(await a.prune(cutoff, 2), 1);
    assert.equal(await a.prune(cutoff, 2), 0);
    const left = (await a.list({}, undefined, 100)).map((p) => p.id).sort();
    assert.deepEqual(left, ['fresh-export', 'new-delivered', 'old-failed', 'old-queued']);
    const [gone] = await t.sql<{ n: number }>("SELECT COUNT(*) AS n FROM push_attempts WHERE push_id IN ('old-delivered', 'old-exported')");
    assert.equal(gone!.n, 0);
    const [kept] = await t.sql<{ n: number }>("SELECT COUNT(*) AS n FROM push_attempts WHERE push_id = 'fresh-export'");
    assert.equal(kept!.n, 1);
  });
});
