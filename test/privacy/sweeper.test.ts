// The binding sweeper (src/privacy/sweeper.ts) on the real SQLite store and a manual clock: a
// round ends every binding whose expiry passed, in batches, reports how many, leaves the others,
// and stops when told.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { ManualClock } from '../../src/lib/clock.js';
import { startBindingSweeper } from '../../src/privacy/sweeper.js';
import { sqliteBackend, type TempStore } from '../store/backends.js';
import { newBinding } from '../store/privacy-fixtures.js';

const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);
let ts: TempStore;

beforeEach(async () => {
  ts = await sqliteBackend.open();
  await ts.store.privacy.createPool({ poolId: 'NP1', appKey: 'app1', createdAt: T0 });
  await ts.store.apps.addNumber({ number: '+8675528000101', appKey: 'app1', status: 'active' });
  await ts.store.privacy.addNumber({ number: '+8675528000101', poolId: 'NP1', appKey: 'app1', addedAt: T0 });
});
afterEach(() => ts.cleanup());

test('a round sweeps every expired binding in batches; a later expiry waits for its round', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await ts.store.privacy.bind(newBinding({ subscriptionId: `e${i}`, a: `+861390000010${i}`, b: `+861390000020${i}`, expiresAt: T0 + 500 }), T0);
    assert.ok('binding' in r);
  }
  assert.ok('binding' in await ts.store.privacy.bind(newBinding({ subscriptionId: 'later', expiresAt: T0 + 5000 }), T0));
  const clock = new ManualClock(T0);
  const swept: number[] = [];
  const sweeper = startBindingSweeper({ repo: ts.store.privacy, clock, everyMs: 1000, batch: 2, onSwept: (n) => swept.push(n) });
  clock.whenIdle(() => sweeper.idle());
  await clock.advance(1000);
  assert.deepEqual(swept, [5]);
  for (let i = 0; i < 5; i++) assert.equal((await ts.store.privacy.get('app1', `e${i}`))?.state, 'expired');
  assert.equal((await ts.store.privacy.get('app1', 'later'))?.state, 'active');
  await clock.advance(4000);
  assert.deepEqual(swept, [5, 1]);
  assert.equal((await ts.store.privacy.get('app1', 'later'))?.endedAt, T0 + 5000);
  sweeper.stop();
  assert.equal(clock.pending, 0);
});
