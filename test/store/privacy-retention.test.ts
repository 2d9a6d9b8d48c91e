// Ended bindings leave the store after their retention (docs/privacy-numbers.md, "Retention"), on
// both backends and on the injected clock: the sweeper ends expired bindings, then deletes ended
// ones (unbound or expired) whose end is older than the retention, in batches. A newer ended
// binding stays readable, an active one (even one that never expires) is never deleted, and a
// requestId whose binding was deleted makes a new binding.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ManualClock } from '../../src/lib/clock.js';
import { ENDED_RETENTION_MS, startBindingSweeper } from '../../src/privacy/sweeper.js';
import type { PrivacyRepo } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { newBinding } from './privacy-fixtures.js';

const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);
const DAY = 86_400_000;
const X1 = '+8675528000101';

function bound(r: Awaited<ReturnType<PrivacyRepo['bind']>>) {
  assert.ok('binding' in r, JSON.stringify(r));
  return r.binding;
}

for (const b of storeBackends()) {
  describe(`privacy retention (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: PrivacyRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.privacy;
      await repo.createPool({ poolId: 'NP1', appKey: 'app1', createdAt: T0 });
      await ts.store.apps.addNumber({ number: X1, appKey: 'app1', status: 'active' });
      await repo.addNumber({ number: X1, poolId: 'NP1', appKey: 'app1', addedAt: T0 });
    });
    afterEach(() => ts.cleanup());

    test('the retention is 30 days', () => {
      assert.equal(ENDED_RETENTION_MS, 30 * DAY);
    });

    test('the sweeper deletes ended bindings past the retention in batches; newer and active ones stay', async () => {
      const clock = new ManualClock(T0);
      // Ended at T0: three unbound, one expired (by the sweeper's first round).
      for (let i = 0; i < 3; i++) {
        bound(await repo.bind(newBinding({ subscriptionId: `old${i}`, a: `+861390000010${i}`, b: `+861390000020${i}` }), T0));
        assert.equal((await repo.unbind('app1', `old${i}`, T0))?.state, 'unbound');
      }
      bound(await repo.bind(newBinding({ subscriptionId: 'oldExp', a: '+8613900000301', b: '+8613900000302', expiresAt: T0 + 1000 }), T0));
      bound(await repo.bind(newBinding({ subscriptionId: 'forever', a: '+8613900000401', b: '+8613900000402', requestId: 'r-forever' }), T0));
      const purged: number[] = [];
      const sweeper = startBindingSweeper({ repo, clock, everyMs: DAY, batch: 2, onPurged: (n) => purged.push(n) });
      clock.whenIdle(() => sweeper.idle());
      await clock.advance(DAY);
      assert.equal((await repo.get('app1', 'oldExp'))?.endedAt, T0 + DAY);
      // Ended at T0 + 10 days: kept until T0 + 40 days.
      await clock.advance(9 * DAY);
      bound(await repo.bind(newBinding({ subscriptionId: 'newer', a: '+8613900000501', b: '+8613900000502' }), clock.now()));
      await repo.unbind('app1', 'newer', clock.now());
      await clock.advance(20 * DAY);
      // T0 + 30 days: the unbound ones have been ended for exactly the retention; the expired one not yet.
      assert.deepEqual(purged, [3]);
      for (let i = 0; i < 3; i++) assert.equal(await repo.get('app1', `old${i}`), undefined);
      assert.equal((await repo.get('app1', 'oldExp'))?.state, 'expired');
      await clock.advance(DAY);
      assert.deepEqual(purged, [3, 1]);
      assert.equal(await repo.get('app1', 'oldExp'), undefined);
      assert.equal((await repo.get('app1', 'newer'))?.state, 'unbound');
      await clock.advance(365 * DAY);
      assert.equal(await repo.get('app1', 'newer'), undefined);
      assert.equal((await repo.get('app1', 'forever'))?.state, 'active');
      sweeper.stop();
      // An active binding's requestId is still honoured.
      const again = await repo.bind(newBinding({ subscriptionId: 'other', a: '+8613900000401', b: '+8613900000402', requestId: 'r-forever' }), clock.now());
      assert.ok('binding' in again && again.repeated && again.binding.subscriptionId === 'forever');
    });

    test('a requestId is honoured while its ended binding is kept, and makes a new binding once it is deleted', async () => {
      const first = bound(await repo.bind(newBinding({ subscriptionId: 'r1', requestId: 'order-42', requestHash: 'h1' }), T0));
      await repo.unbind('app1', first.subscriptionId, T0);
      const kept = await repo.bind(newBinding({ subscriptionId: 'r2', requestId: 'order-42', requestHash: 'h1' }), T0 + DAY);
      assert.ok('binding' in kept && kept.repeated && kept.binding.subscriptionId === 'r1');
      // purge takes the cutoff (now - retention): a binding ended at T0 goes at T0 + retention.
      assert.equal(await repo.purge(T0 - 1, 10), 0);
      assert.equal(await repo.purge(T0, 10), 1);
      const fresh = await repo.bind(newBinding({ subscriptionId: 'r3', requestId: 'order-42', requestHash: 'h2' }), T0 + ENDED_RETENTION_MS);
      assert.ok('binding' in fresh && !fresh.repeated && fresh.binding.subscriptionId === 'r3', JSON.stringify(fresh));
    });
  });
}
