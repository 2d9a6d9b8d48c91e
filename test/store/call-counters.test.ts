// A call and the policy counters it takes are one write (CallRepo.create with takes): a counter
// that refuses, or an insert that fails, leaves neither the call nor any counter changed, also as
// another connection to the same file sees it.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSqliteStore } from '../../src/store/sqlite/index.js';
import type { CounterTake } from '../../src/store/types.js';
import { call, sessionId, tempStore, type TempStore } from './fixtures.js';

let s: TempStore;
before(() => { s = tempStore(); });
after(() => s.cleanup());

const take = (scope: string, key: string, max: number): CounterTake => ({ scope, key, windowStart: 0, expiresAt: 60_000, max });
const counts = async (takes: CounterTake[]) => Promise.all(takes.map((t) => s.store.policy.count(t.scope, t.key, t.windowStart)));

test('an admitted call is stored with every counter taken', async () => {
  const takes = [take('app:60', 'a1', 5), take('callee:60', '+861', 5)];
  const sid = sessionId();
  assert.equal(await s.store.calls.create(call(sid), takes), undefined);
  assert.ok(await s.store.calls.get(sid));
  assert.deepEqual(await counts(takes), [1, 1]);
});

test('a later refusal rolls back the earlier counters and stores no call', async () => {
  const takes = [take('app:60', 'a2', 5), take('callee:60', '+862', 5), take('service:60', '+863', 1)];
  assert.equal(await s.store.calls.create(call(), [take('service:60', '+863', 1)]), undefined, 'fills the last counter');
  const sid = sessionId();
  assert.equal(await s.store.calls.create(call(sid), takes), 2, 'the index of the full counter');
  assert.equal(await s.store.calls.get(sid), undefined, 'no call row');
  assert.deepEqual(await counts(takes), [0, 0, 1], 'the counters before it were not kept, the full one unchanged');

  // What is on disk, seen through a second connection, is the same: nothing half-written.
  const other = createSqliteStore(s.path);
  try {
    assert.equal(await other.calls.get(sid), undefined);
    assert.equal(await other.policy.count('app:60', 'a2', 0), 0);
    assert.equal(await other.policy.count('callee:60', '+862', 0), 0);
  } finally {
    await other.close();
  }
});

test('a limit of 0 refuses the first call of a window', async () => {
  const sid = sessionId();
  assert.equal(await s.store.calls.create(call(sid), [take('app:60', 'a3', 5), take('sp:60', 'sp0', 0)]), 1);
  assert.equal(await s.store.calls.get(sid), undefined);
  assert.equal(await s.store.policy.count('app:60', 'a3', 0), 0);
});

test('a call that cannot be stored takes no counter', async () => {
  const sid = sessionId();
  await s.store.calls.create(call(sid));
  const takes = [take('app:60', 'a4', 5)];
  await assert.rejects(s.store.calls.create(call(sid), takes), /UNIQUE/);
  assert.deepEqual(await counts(takes), [0]);
});
