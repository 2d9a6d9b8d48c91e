// Call ports as store counters (src/policy/ports.ts) on both backends: taken with the call in
// CallRepo.create after the limits' counters, never pruned, given back one at a time, a lowered
// quota refusing until enough calls end, and exact when two stores (two nodes) race for the last.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { PORT_SCOPE, portTake } from '../../src/policy/ports.js';
import type { CounterTake } from '../../src/store/types.js';
import { storeBackends, type TempStore } from '../store/backends.js';
import { call, sessionId } from '../store/fixtures.js';

const limit = (key: string, max: number): CounterTake => ({ scope: 'callee:60', key, windowStart: 0, expiresAt: 60_000, max });

for (const b of storeBackends()) {
  describe(`call ports in the store (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    beforeEach(async () => { ts = await b.open(); });
    afterEach(() => ts.cleanup());

    const place = (appKey: string, quota: number, takes: CounterTake[] = []) =>
      ts.store.calls.create(call(sessionId(), { appKey }), [...takes, portTake(appKey, quota)]);
    const inUse = (appKey: string) => ts.store.policy.count(PORT_SCOPE, appKey, 0);
    const giveBack = (appKey: string) => ts.store.policy.give([portTake(appKey, 0)]);

    test('the port is the last take: a full port refuses at its index, a full limit before it names the refusal', async () => {
      assert.equal(await place('app1', 1, [limit('+861', 1)]), undefined);
      assert.equal(await place('app1', 1, [limit('+862', 5)]), 1, 'the port is full');
      assert.equal(await place('app1', 1, [limit('+861', 1)]), 0, 'the limit is full too and comes first');
      assert.equal(await inUse('app1'), 1);
      assert.equal(await ts.store.policy.count('callee:60', '+862', 0), 0, 'the refused call took nothing');
    });

    test('pruning expired windows never frees a port; a port comes back one at a time', async () => {
      assert.equal(await place('app2', 2), undefined);
      assert.equal(await place('app2', 2), undefined);
      await ts.store.policy.pruneCounters(Number.MAX_SAFE_INTEGER - 1);
      assert.equal(await inUse('app2'), 2);
      await giveBack('app2');
      assert.equal(await inUse('app2'), 1);
      await giveBack('app2');
      await giveBack('app2');
      assert.equal(await inUse('app2'), 0, 'never below zero');
    });

    test('a quota lowered below the ports in use refuses new calls until enough end', async () => {
      for (let i = 0; i < 3; i++) assert.equal(await place('app3', 3), undefined);
      assert.equal(await place('app3', 1), 0);
      await giveBack('app3');
      assert.equal(await place('app3', 1), 0, 'two calls still hold ports');
      await giveBack('app3');
      assert.equal(await place('app3', 1), 0, 'one call still holds the only port');
      await giveBack('app3');
      assert.equal(await place('app3', 1), undefined);
      assert.equal(await place('app3', 0), 0, 'a quota of 0 admits nothing');
    });

    test('two stores racing for the last port: exactly one call is stored', async () => {
      const other = await ts.another();
      for (let round = 0; round < 20; round++) {
        const appKey = `race${round}`;
        const sids = [sessionId(), sessionId()];
        const got = await Promise.all([ts.store, other].map((s, i) => s.calls.create(call(sids[i], { appKey }), [portTake(appKey, 1)])));
        assert.deepEqual([...got].sort(), [0, undefined], `round ${round}`);
        const stored = await Promise.all(sids.map((sid) => ts.store.calls.get(sid)));
        assert.equal(stored.filter(Boolean).length, 1);
        assert.equal(await inUse(appKey), 1);
      }
    });
  });
}
