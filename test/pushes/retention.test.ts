// The retention loop: on its schedule it prunes, batch after batch, delivered pushes older than the
// retention and old feed entries; queued pushes and failed ones nobody exported stay.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ManualClock } from '../../src/lib/clock.js';
import { startRetention } from '../../src/push/delivery/retention.js';
import type { FeedRepo } from '../../src/store/types.js';
import { sqliteBackend, storeBackends, type TempStore } from '../store/backends.js';
import { call, event, push, T0 } from '../store/fixtures.js';
import { insertPushes } from './push-setup.js';

const DAY = 86_400_000;

/** Pushes d1..d5 delivered, q queued, f a failed record nobody exported. */
async function finishedPushes(t: TempStore): Promise<void> {
  const ids = ['d1', 'd2', 'd3', 'd4', 'd5'];
  await insertPushes(t, [...ids.map((id) => push({ id })), push({ id: 'q' }), push({ id: 'f', kind: 'record' })]);
  await t.sql(`UPDATE pushes SET state = 'delivered' WHERE id IN (${ids.map(() => '?').join(',')})`, ...ids);
  await t.sql("UPDATE pushes SET state = 'failed' WHERE id = 'f'");
}

/** Runs the loop on a manual clock until its first pass; resolves what that pass pruned. */
async function firstPassOf(t: TempStore, feed?: Pick<FeedRepo, 'prune'>): Promise<Array<{ pushes: number; feed: number }>> {
  const clock = new ManualClock(T0 + 31 * DAY);
  const pruned: Array<{ pushes: number; feed: number }> = [];
  let passDone!: () => void;
  const firstPass = new Promise<void>((resolve) => (passDone = resolve));
  const onPruned = (d: { pushes: number; feed: number }) => {
    pruned.push(d);
    passDone();
  };
  const loop = startRetention({ pushes: t.store.pushAdmin, feed, clock, retentionMs: 30 * DAY, everyMs: 60_000, batchSize: 2, onPruned });
  try {
    await clock.advance(59_000);
    assert.deepEqual(pruned, [], 'not before its time');
    await clock.advance(1_000);
    // The pass runs its batches with real yields in between: wait for the pass itself.
    await firstPass;
    return pruned;
  } finally {
    loop.stop();
  }
}

for (const b of storeBackends()) describe(`retention loop (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => { t = await b.open(); });
  afterEach(() => t.cleanup());

  it('prunes old delivered pushes in batches on its schedule, keeps queued and unexported failed ones', { timeout: 10_000 }, async () => {
    await finishedPushes(t);
    assert.deepEqual(await firstPassOf(t), [{ pushes: 5, feed: 0 }]);
    const left = (await t.store.pushAdmin.list({}, undefined, 100)).map((p) => p.id).sort();
    assert.deepEqual(left, ['f', 'q']);
  });

  it('retention 0 keeps everything: no loop runs', async () => {
    const clock = new ManualClock(T0);
    const loop = startRetention({ pushes: t.store.pushAdmin, clock, retentionMs: 0 });
    assert.equal(clock.pending, 0);
    loop.stop();
  });
});

// The feed (and the calls that write it) are not on PostgreSQL yet: this case joins the contract
// above once they are.
describe('retention loop with the feed (sqlite)', () => {
  let t: TempStore;
  beforeEach(async () => { t = await sqliteBackend.open(); });
  afterEach(() => t.cleanup());

  it('prunes old feed entries in the same pass', { timeout: 10_000 }, async () => {
    await finishedPushes(t);
    await t.store.calls.create(call('s-old'));
    await t.store.calls.appendEvent(event('s-old', 1), []);
    assert.equal((await t.store.feed.since('app1', 0, 10)).length, 1);
    assert.deepEqual(await firstPassOf(t, t.store.feed), [{ pushes: 5, feed: 1 }]);
    assert.deepEqual(await t.store.feed.since('app1', 0, 10), []);
  });
});
