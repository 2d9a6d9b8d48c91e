// The overview's figures on both backends: calls per minute and outcome (in progress included),
// pushes of the window by state, and the queue with the push first in line.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { storeBackends, type TempStore } from './backends.js';
import { call, push, record, sessionId, T0 } from './fixtures.js';

const MIN = 60_000;

for (const b of storeBackends()) describe(`overview (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('counts calls placed since a time per minute and outcome, those in progress as in_progress', async () => {
    const at = [T0 - 1, T0, T0 + 59_999, T0 + MIN, T0 + MIN + 5, T0 + 2 * MIN];
    const ids = at.map(() => sessionId());
    for (const [i, createdAt] of at.entries()) await t.store.calls.create(call(ids[i], { createdAt }));
    await t.store.calls.finish(record(ids[0]!), undefined, []);
    await t.store.calls.finish(record(ids[1]!), undefined, []);
    await t.store.calls.finish(record(ids[2]!, { outcome: 'busy' }), undefined, []);
    await t.store.calls.finish(record(ids[3]!, { outcome: 'busy' }), undefined, []);
    await t.store.calls.finish(record(ids[4]!, { outcome: 'busy' }), undefined, []);
    assert.deepEqual(await t.store.overview.callsPerMinute(T0), [
      { minute: T0, outcome: 'answered', calls: 1 },
      { minute: T0, outcome: 'busy', calls: 1 },
      { minute: T0 + MIN, outcome: 'busy', calls: 2 },
      { minute: T0 + 2 * MIN, outcome: 'in_progress', calls: 1 },
    ]);
    assert.deepEqual(await t.store.overview.callsPerMinute(T0 + 3 * MIN), []);
  });

  it('counts pushes created since a time that were delivered or failed', async () => {
    const ps = [push({ createdAt: T0 - 1 }), push(), push(), push(), push({ createdAt: T0 + 5 }), push()];
    await t.store.outbox.enqueue(ps);
    const set = (state: string, i: number) => t.sql('UPDATE pushes SET state = ? WHERE id = ?', state, ps[i]!.id);
    await set('delivered', 0);
    await set('delivered', 1);
    await set('delivered', 2);
    await set('merged', 3);
    await set('failed', 4);
    assert.deepEqual(await t.store.overview.pushesSince(T0), { delivered: 2, failed: 1 });
    assert.deepEqual(await t.store.overview.pushesSince(T0 + 6), { delivered: 0, failed: 0 });
  });

  it('sums up the queue (waiting ones included) and names the push first in line', async () => {
    assert.deepEqual(await t.store.overview.queue(T0), { queued: 0, due: 0 });
    const first = push({ availableAt: T0 - 5000, orderKey: 'k1', seq: 1, url: 'http://a.example/s' });
    const behind = push({ availableAt: T0 - 9000, orderKey: 'k1', seq: 2 });
    const later = push({ availableAt: T0 + 1000, createdAt: T0 + 1 });
    await t.store.outbox.enqueue([first, behind, later]);
    assert.deepEqual(await t.store.overview.queue(T0), {
      queued: 3, due: 1, first: { id: first.id, createdAt: T0, nextAt: T0 - 5000, url: 'http://a.example/s' },
    });
  });
});
