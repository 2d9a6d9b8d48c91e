// The policy counters of the store, on each backend (test/store/backends.ts): all-or-nothing takes,
// give-backs, pruning of expired windows; lists and settings.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeBackends, type TempStore } from '../store/backends.js';

const take = (key: string, max: number, windowStart = 1000) => ({ scope: 'callee:60', key, windowStart, expiresAt: windowStart + 60_000, max });

for (const b of storeBackends()) {
  describe(`policy counters in the store (${b.name})`, { skip: b.skip }, () => {
    let s: TempStore;
    before(async () => { s = await b.open(); });
    after(() => s.cleanup());

    it('takes every counter or none, naming the first that is full', async () => {
      const repo = s.store.policy;
      assert.equal(await repo.take([take('a', 2), take('b', 1)]), undefined);
      assert.equal(await repo.take([take('a', 2), take('b', 1)]), 1);
      assert.equal(await repo.count('callee:60', 'a', 1000), 1, 'the refused take rolled a back too');
      assert.equal(await repo.count('callee:60', 'b', 1000), 1);
      assert.equal(await repo.take([take('a', 2)]), undefined);
      assert.equal(await repo.take([take('a', 2)]), 0);
      await repo.give([take('a', 2)]);
      assert.equal(await repo.count('callee:60', 'a', 1000), 1);
      assert.equal(await repo.take([take('a', 2, 61_000)]), undefined, 'a new window starts at zero');
    });

    it('expired windows are pruned, current ones kept', async () => {
      const repo = s.store.policy;
      await repo.take([take('c', 5, 200_000)]);
      const pruned = await repo.pruneCounters(100_000);
      assert.ok(pruned >= 2);
      assert.equal(await repo.count('callee:60', 'a', 1000), 0);
      assert.equal(await repo.count('callee:60', 'c', 200_000), 1);
    });

    it('lists and settings round-trip', async () => {
      const repo = s.store.policy;
      assert.equal(await repo.addListEntry({ scope: '', list: 'calleeBlacklist', number: '+8611', createdAt: 1 }), true);
      assert.equal(await repo.addListEntry({ scope: '', list: 'calleeBlacklist', number: '+8611', createdAt: 2 }), false);
      assert.deepEqual(await repo.listEntries(), [{ scope: '', list: 'calleeBlacklist', number: '+8611', createdAt: 1 }]);
      assert.equal(await repo.removeListEntry('', 'calleeBlacklist', '+8611'), true);
      assert.equal(await repo.removeListEntry('', 'calleeBlacklist', '+8611'), false);
      await repo.putSettings('k1', { whitelistMode: true }, 5);
      assert.deepEqual((await repo.settings()).get('k1'), { whitelistMode: true });
    });
  });
}
