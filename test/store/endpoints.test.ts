// The endpoints repository on both backends: the rows enqueue creates, lookups by id or URL,
// pausing, and the figures of `endpoints show` (queue and recent attempts, primary or failover).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { endpointId } from '../../src/domain/endpoint.js';
import { storeBackends, type TempStore } from './backends.js';
import { push, T0 } from './fixtures.js';

const LEASE = 11_000;
const one = () => 1;
const U = 'http://r.example/status';
const V = 'http://r.example/other';

for (const b of storeBackends()) describe(`endpoints (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('lists the URLs pushes were queued for, oldest first, and finds one by id or URL', async () => {
    const e = t.store.endpoints;
    assert.deepEqual(await e.list(undefined, 100), []);
    await t.store.outbox.enqueue([push({ url: V, createdAt: T0 + 1 }), push({ url: U }), push({ url: U, createdAt: T0 + 2 })]);
    const u = { id: endpointId(U), url: U, paused: false, createdAt: T0, updatedAt: T0 };
    const v = { id: endpointId(V), url: V, paused: false, createdAt: T0 + 1, updatedAt: T0 + 1 };
    assert.deepEqual(await e.list(undefined, 100), [u, v]);
    assert.deepEqual(await e.get(endpointId(V)), v);
    assert.deepEqual(await e.get(U), u);
    assert.equal(await e.get('http://r.example/never'), undefined);
    assert.equal(await e.get(endpointId('http://r.example/never')), undefined);
  });

  it('pauses with a reason and resumes without one, creating the row of a new URL', async () => {
    const e = t.store.endpoints;
    await t.store.outbox.enqueue([push({ url: U })]);
    const paused = { id: endpointId(U), url: U, paused: true, pausedReason: '410', pausedAt: T0 + 5, createdAt: T0, updatedAt: T0 + 5 };
    assert.deepEqual(await e.setPaused(U, true, '410', T0 + 5), paused);
    assert.deepEqual(await e.get(U), paused);
    const resumed = { id: endpointId(U), url: U, paused: false, createdAt: T0, updatedAt: T0 + 6 };
    assert.deepEqual(await e.setPaused(U, false, 'ignored when resuming', T0 + 6), resumed);
    assert.deepEqual(await e.get(endpointId(U)), resumed);
    assert.deepEqual(await e.setPaused(V, true, undefined, T0 + 7),
      { id: endpointId(V), url: V, paused: true, pausedAt: T0 + 7, createdAt: T0 + 7, updatedAt: T0 + 7 });
    assert.deepEqual((await e.list(undefined, 100)).map((x) => [x.url, x.paused]), [[U, false], [V, true]]);
  });

  it('two nodes pausing a new URL at once both succeed on one row', async () => {
    const other = await t.another();
    const W = 'http://w.example/cb';
    const [a, c] = await Promise.all([
      t.store.endpoints.setPaused(W, true, 'first', T0), other.endpoints.setPaused(W, true, 'second', T0 + 1),
    ]);
    assert.deepEqual([a.paused, c.paused, a.id, c.id], [true, true, endpointId(W), endpointId(W)]);
    const rows = await t.store.endpoints.list(undefined, 100);
    assert.equal(rows.length, 1);
    assert.ok(['first', 'second'].includes(rows[0]!.pausedReason!), JSON.stringify(rows));
  });

  it('sums up the queue and the newest attempts of a URL, the failover\'s counted at its own URL', async () => {
    const o = t.store.outbox;
    await o.enqueue([
      push({ id: 'a', url: U, orderKey: 'k', seq: 1 }),
      push({ id: 'b', url: U, orderKey: 'k', seq: 2 }),
      push({ id: 'c', url: U, availableAt: T0 + 60_000 }),
      push({ id: 'd', url: V }),
      push({ id: 'e', url: U }),
    ]);
    assert.deepEqual((await o.claim(T0, 10, LEASE, one)).map((p) => p.id).sort(), ['a', 'd', 'e']);
    await o.complete([{ pushId: 'e', n: 1, at: T0 + 100, latencyMs: 30, ok: false, httpStatus: 503, errorClass: 'non_2xx' }],
      { state: 'queued', nextAt: T0 + 1000 });
    await o.complete([{ pushId: 'd', n: 1, at: T0 + 200, latencyMs: 10, ok: true, httpStatus: 200 }], { state: 'delivered' });
    // a: the primary times out, the subscription's failover (V) takes it; b is runnable now.
    await o.complete([
      { pushId: 'a', n: 1, at: T0 + 300, latencyMs: 50, ok: false, errorClass: 'timeout', error: 'no answer in 5000 ms' },
      { pushId: 'a', n: 2, at: T0 + 310, latencyMs: 20, ok: true, httpStatus: 204, url: V },
    ], { state: 'delivered' });
    // f waits for its time, g behind f.
    await o.enqueue([
      push({ id: 'f', url: U, orderKey: 'k2', seq: 1, availableAt: T0 + 60_000 }),
      push({ id: 'g', url: U, orderKey: 'k2', seq: 2 }),
    ]);
    const e = t.store.endpoints;
    const now = T0 + 1000;
    // Queued at U: b, c, e, f and g (behind f); due: b (T0) and e (T0 + 1000).
    assert.deepEqual(await e.stats(U, now, T0, 100), {
      queue: { queued: 5, due: 2 },
      recent: {
        since: T0, attempts: 2, delivered: 0, successRate: 0,
        latencyMs: { p50: 30, p95: 50, p99: 50, max: 50 }, lastAttemptAt: T0 + 300,
      },
      lastError: { at: T0 + 300, error: 'no answer in 5000 ms', errorClass: 'timeout' },
    });
    assert.deepEqual(await e.stats(V, now, T0, 100), {
      queue: { queued: 0, due: 0 },
      recent: {
        since: T0, attempts: 2, delivered: 2, successRate: 1,
        latencyMs: { p50: 10, p95: 20, p99: 20, max: 20 }, lastAttemptAt: T0 + 310,
      },
    });
    // The newest `max` only, and none before `since`.
    const newest = await e.stats(U, now, T0, 1);
    assert.deepEqual([newest.recent.attempts, newest.recent.lastAttemptAt, newest.recent.latencyMs?.max], [1, T0 + 300, 50]);
    const early = await e.stats(U, now, T0 + 101, 100);
    assert.deepEqual([early.recent.attempts, early.lastError?.at], [1, T0 + 300]);
    // b and e are claimed (leased: queued, not due); b fails for good with a status and no message.
    assert.deepEqual((await o.claim(now, 10, LEASE, one)).map((p) => p.id).sort(), ['b', 'e']);
    await o.complete([{ pushId: 'b', n: 1, at: T0 + 400, latencyMs: 40, ok: false, httpStatus: 500, errorClass: 'non_2xx' }],
      { state: 'failed' });
    const after = await e.stats(U, now, T0, 100);
    assert.deepEqual(after.lastError, { at: T0 + 400, error: 'non_2xx', errorClass: 'non_2xx', httpStatus: 500 });
    assert.deepEqual(after.recent.latencyMs, { p50: 40, p95: 50, p99: 50, max: 50 });
    assert.deepEqual(after.queue, { queued: 4, due: 0 });
    assert.deepEqual(await e.stats('http://r.example/never', now, T0, 100),
      { queue: { queued: 0, due: 0 }, recent: { since: T0, attempts: 0, delivered: 0 } });
  });
});
