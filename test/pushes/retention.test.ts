// The retention loop: on its schedule it prunes, batch after batch, delivered pushes older than the
// retention and old feed entries; queued pushes and failed ones nobody exported stay.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ManualClock } from '../../src/lib/clock.js';
import { startRetention } from '../../src/push/delivery/retention.js';
import { call, event, push, T0, tempStore, type TempStore } from '../store/fixtures.js';

const DAY = 86_400_000;

describe('retention loop', () => {
  let t: TempStore;
  beforeEach(() => { t = tempStore(); });
  afterEach(() => t.cleanup());

  it('prunes old delivered pushes in batches on its schedule, keeps queued and unexported failed ones', { timeout: 10_000 }, async () => {
    const ids = ['d1', 'd2', 'd3', 'd4', 'd5'];
    await t.store.outbox.enqueue([...ids.map((id) => push({ id })), push({ id: 'q' }), push({ id: 'f', kind: 'record' })]);
    const db = new Database(t.path);
    db.prepare(`UPDATE pushes SET state = 'delivered' WHERE id IN (${ids.map(() => '?').join(',')})`).run(...ids);
    db.prepare("UPDATE pushes SET state = 'failed' WHERE id = 'f'").run();
    db.close();
    await t.store.calls.create(call('s-old'));
    await t.store.calls.appendEvent(event('s-old', 1), []);

    const clock = new ManualClock(T0 + 31 * DAY);
    const pruned: Array<{ pushes: number; feed: number }> = [];
    let passDone!: () => void;
    const firstPass = new Promise<void>((resolve) => (passDone = resolve));
    const onPruned = (d: { pushes: number; feed: number }) => {
      pruned.push(d);
      passDone();
    };
    const loop = startRetention({ pushes: t.store.pushAdmin, feed: t.store.feed, clock, retentionMs: 30 * DAY, everyMs: 60_000, batchSize: 2, onPruned });
    try {
      await clock.advance(59_000);
      assert.deepEqual(pruned, [], 'not before its time');
      await clock.advance(1_000);
      // The pass runs its batches with real yields in between: wait for the pass itself.
      await firstPass;
      assert.deepEqual(pruned, [{ pushes: 5, feed: 1 }]);
      const left = (await t.store.pushAdmin.list({}, undefined, 100)).map((p) => p.id).sort();
      assert.deepEqual(left, ['f', 'q']);
      assert.deepEqual(await t.store.feed.since('app1', 0, 10), []);
    } finally {
      loop.stop();
    }
  });

  it('retention 0 keeps everything: no loop runs', async () => {
    const clock = new ManualClock(T0);
    const loop = startRetention({ pushes: t.store.pushAdmin, clock, retentionMs: 0 });
    assert.equal(clock.pending, 0);
    loop.stop();
  });
});
