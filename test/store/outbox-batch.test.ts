// Completions asked for together (one turn of a dispatcher's answers) commit together on
// PostgreSQL (postgres/complete.ts) and in one group commit on SQLite: each still advances its own
// push, unblocks its own key's next push, and a stale completion among them changes nothing.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { PushAttempt } from '../../src/domain/push.js';
import { storeBackends, type TempStore } from './backends.js';
import { push, T0 } from './fixtures.js';

const LEASE = 11_000;
const fifty = () => 50;
const ok = (pushId: string, n = 1, at = T0): PushAttempt[] => [{ pushId, n, at, latencyMs: 2, ok: true, httpStatus: 200, responseHead: 'ok' }];
const ids = (list: Array<{ id: string }>) => list.map((p) => p.id).sort();

for (const b of storeBackends()) describe(`outbox completions together (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('each completion of a batch advances its push and unblocks its own key', async () => {
    const o = t.store.outbox;
    const keys = ['k3', 'k1', 'k2', 'k0']; // not in sorted order: the key locks sort them
    await o.enqueue(keys.flatMap((k) => [1, 2, 3].map((seq) => push({ id: `${k}-${seq}`, orderKey: k, seq }))));
    await o.enqueue([push({ id: 'free' })]);
    assert.deepEqual(ids(await o.claim(T0, 50, LEASE, fifty)), ['free', 'k0-1', 'k1-1', 'k2-1', 'k3-1']);
    await Promise.all([
      o.complete(ok('k0-1'), { state: 'delivered' }),
      o.complete([{ pushId: 'k1-1', n: 1, at: T0, latencyMs: 5, ok: false, httpStatus: 500, errorClass: 'non_2xx' }], { state: 'queued', nextAt: T0 + 1000 }),
      o.complete([{ pushId: 'k2-1', n: 1, at: T0, latencyMs: 5, ok: false, errorClass: 'refused', error: 'ECONNREFUSED' }], { state: 'failed' }),
      o.complete(ok('k3-1'), { state: 'delivered' }),
      o.complete(ok('free'), { state: 'delivered' }),
    ]);
    // Delivered and failed release their key's next push; the retried one holds its key back.
    assert.deepEqual(ids(await o.claim(T0, 50, LEASE, fifty)), ['k0-2', 'k2-2', 'k3-2']);
    const k1 = await o.get('k1-1');
    assert.equal(k1?.state, 'queued');
    assert.equal(k1?.nextAt, T0 + 1000);
    assert.equal(k1?.lastError, 'non_2xx');
    assert.equal((await o.get('k2-1'))?.lastError, 'ECONNREFUSED');
    assert.equal((await o.get('k0-1'))?.deliveredAt, T0);
    assert.deepEqual((await o.attempts('k1-1')).map((a) => [a.n, a.ok, a.httpStatus, a.latencyMs]), [[1, false, 500, 5]]);
    assert.deepEqual(await o.counts(), { queued: 9, delivered: 3, failed: 1, merged: 0 });
  });

  it('a stale completion in the same batch as the live one changes nothing', async () => {
    const o = t.store.outbox;
    await o.enqueue([push({ id: 'a', orderKey: 'ka', seq: 1 }), push({ id: 'a2', orderKey: 'ka', seq: 2 }), push({ id: 'b' })]);
    await o.claim(T0, 50, LEASE, fifty);
    await o.claim(T0 + LEASE, 50, LEASE, fifty); // the leases expired: claimed again
    await Promise.all([
      o.complete(ok('a', 1, T0 + LEASE), { state: 'delivered' }),
      // The first claimer's late answer, for the same attempt number: the guard refuses it.
      o.complete([{ pushId: 'a', n: 1, at: T0 + LEASE + 1, latencyMs: 1, ok: false, errorClass: 'timeout' }], { state: 'queued', nextAt: T0 + 99_999 }),
      o.complete(ok('b', 1, T0 + LEASE), { state: 'delivered' }),
    ]);
    const a = await o.get('a');
    assert.equal(a?.state, 'delivered');
    assert.equal(a?.attempts, 1);
    assert.equal((await o.attempts('a')).length, 1);
    assert.deepEqual(ids(await o.claim(T0 + LEASE, 50, LEASE, fifty)), ['a2']);
  });

  it('hundreds of completions at once all land', async () => {
    const o = t.store.outbox;
    const keys = 600; // more completions than one PostgreSQL batch takes (500)
    await o.enqueue(Array.from({ length: keys * 2 }, (_, i) => push({ id: `p${i}`, orderKey: `key${i % keys}`, seq: Math.floor(i / keys) })));
    const claimed = await o.claim(T0, 2000, LEASE, fifty);
    assert.equal(claimed.length, keys, 'one head per key');
    await Promise.all(claimed.map((p) => o.complete(ok(p.id), { state: 'delivered' })));
    const next = await o.claim(T0, 2000, LEASE, fifty);
    assert.equal(next.length, keys, 'the next head of every key');
    assert.ok(next.every((p) => Number(p.id.slice(1)) >= keys));
    assert.equal((await o.counts()).delivered, keys);
  });
});
