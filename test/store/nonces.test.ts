// NonceRepo under concurrency, on each backend (backends.ts): two nodes seeing the same request
// (same app, same nonce) at the same instant; exactly one of them may accept it.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { T0 } from './fixtures.js';

for (const b of storeBackends()) {
  describe(`nonces across nodes (${b.name})`, { skip: b.skip }, () => {
    let t: TempStore;
    let other: Store;
    before(async () => {
      t = await b.open();
      other = await t.another();
    });
    after(() => t.cleanup());

    it('the same nonce used by two nodes at once is accepted exactly once (50 rounds)', async () => {
      for (let i = 0; i < 50; i++) {
        const got = await Promise.all([
          t.store.nonces.useOnce('app1', `race-${i}`, T0 + 60_000, T0),
          other.nonces.useOnce('app1', `race-${i}`, T0 + 60_000, T0),
        ]);
        assert.deepEqual(got.filter(Boolean).length, 1, `round ${i}: ${got}`);
      }
    });

    it('an expired nonce reused by two nodes at once is accepted exactly once again (50 rounds)', async () => {
      for (let i = 0; i < 50; i++) {
        assert.equal(await t.store.nonces.useOnce('app1', `again-${i}`, T0 + 1000, T0), true);
        const got = await Promise.all([
          t.store.nonces.useOnce('app1', `again-${i}`, T0 + 61_000, T0 + 1000),
          other.nonces.useOnce('app1', `again-${i}`, T0 + 61_000, T0 + 1000),
        ]);
        assert.deepEqual(got.filter(Boolean).length, 1, `round ${i}: ${got}`);
      }
      assert.equal(await other.nonces.useOnce('app1', 'again-0', T0 + 70_000, T0 + 2000), false, 'the renewed window holds');
    });
  });
}
