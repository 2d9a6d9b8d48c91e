// A call and the policy counters it takes are one write (CallRepo.create with takes): a counter
// that refuses, or an insert that fails, leaves neither the call nor any counter changed, also as
// another connection (another node) sees it. On each backend (backends.ts).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CounterTake } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { call, sessionId } from './fixtures.js';

const take = (scope: string, key: string, max: number): CounterTake => ({ scope, key, windowStart: 0, expiresAt: 60_000, max });

for (const b of storeBackends()) {
  describe(`calls: create with counters (${b.name})`, { skip: b.skip }, () => {
    let s: TempStore;
    before(async () => { s = await b.open(); });
    after(() => s.cleanup());

    const counts = async (takes: CounterTake[]) => Promise.all(takes.map((t) => s.store.policy.count(t.scope, t.key, t.windowStart)));

    it('an admitted call is stored with every counter taken', async () => {
      const takes = [take('app:60', 'a1', 5), take('callee:60', '+861', 5)];
      const sid = sessionId();
      assert.deepEqual(await s.store.calls.create(call(sid), takes), {});
      assert.ok(await s.store.calls.get(sid));
      assert.deepEqual(await counts(takes), [1, 1]);
    });

    it('a later refusal rolls back the earlier counters and stores no call', async () => {
      const takes = [take('app:60', 'a2', 5), take('callee:60', '+862', 5), take('service:60', '+863', 1)];
      assert.deepEqual(await s.store.calls.create(call(), [take('service:60', '+863', 1)]), {}, 'fills the last counter');
      const sid = sessionId();
      assert.deepEqual(await s.store.calls.create(call(sid), takes), { refused: 2 }, 'the index of the full counter');
      assert.equal(await s.store.calls.get(sid), undefined, 'no call row');
      assert.deepEqual(await counts(takes), [0, 0, 1], 'the counters before it were not kept, the full one unchanged');

      // What is stored, seen through a second store, is the same: nothing half-written.
      const other = await s.another();
      assert.equal(await other.calls.get(sid), undefined);
      assert.equal(await other.policy.count('app:60', 'a2', 0), 0);
      assert.equal(await other.policy.count('callee:60', '+862', 0), 0);
    });

    it('the index is the first full take in the caller\'s order, whatever order the rows are locked in', async () => {
      await s.store.calls.create(call(), [take('z:60', 'full', 1), take('a:60', 'full', 1)]);
      const sid = sessionId();
      assert.deepEqual(await s.store.calls.create(call(sid), [take('m:60', 'x', 5), take('z:60', 'full', 1), take('a:60', 'full', 1)]), { refused: 1 });
      assert.deepEqual(await s.store.calls.create(call(sid), [take('a:60', 'full', 1), take('z:60', 'full', 1)]), { refused: 0 });
      assert.equal(await s.store.policy.count('m:60', 'x', 0), 0);
    });

    it('a counter listed twice in one create is taken twice, and refused at its second take when that passes max', async () => {
      const sid = sessionId();
      assert.deepEqual(await s.store.calls.create(call(sid), [take('dup:60', 'd', 3), take('other:60', 'o', 5), take('dup:60', 'd', 3)]), {});
      assert.equal(await s.store.policy.count('dup:60', 'd', 0), 2);
      assert.deepEqual(await s.store.calls.create(call(), [take('dup:60', 'd', 3), take('dup:60', 'd', 3)]), { refused: 1 });
      assert.equal(await s.store.policy.count('dup:60', 'd', 0), 2);
    });

    it('a limit of 0 refuses the first call of a window', async () => {
      const sid = sessionId();
      assert.deepEqual(await s.store.calls.create(call(sid), [take('app:60', 'a3', 5), take('sp:60', 'sp0', 0)]), { refused: 1 });
      assert.equal(await s.store.calls.get(sid), undefined);
      assert.equal(await s.store.policy.count('app:60', 'a3', 0), 0);
    });

    it('a call that cannot be stored takes no counter', async () => {
      const sid = sessionId();
      await s.store.calls.create(call(sid));
      const takes = [take('app:60', 'a4', 5)];
      await assert.rejects(s.store.calls.create(call(sid), takes), /unique/i);
      assert.deepEqual(await counts(takes), [0]);
    });

    it('two nodes creating calls at once, listing the counters in opposite orders: no deadlock, no max passed', async () => {
      const other = await s.another();
      const takes = [take('app:60', 'race', 7), take('callee:60', 'race', 100)];
      const reversed = [...takes].reverse();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? other.calls.create(call(), reversed) : s.store.calls.create(call(), takes)).then((r) => r.refused)));
      assert.equal(results.filter((r) => r === undefined).length, 7);
      results.forEach((r, i) => assert.ok(r === undefined || r === (i % 2 ? 1 : 0), `refused by the app counter: ${r}`));
      assert.deepEqual(await counts(takes), [7, 7]);
    });
  });
}
