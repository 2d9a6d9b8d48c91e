// The IP guard's shared state (LockoutRepo) on both backends: failures counted in a sliding
// window, the block at exactly maxFailures, its expiry, listing, release, pruning; and two stores
// on the same data (two nodes) recording failures of one IP at once block it exactly at the max.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { LockoutRepo, Store } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);
const W = 5 * MIN;
const BLOCK = 30 * MIN;

for (const b of storeBackends()) {
  describe(`lockouts (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: LockoutRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.lockouts;
    });
    afterEach(() => ts.cleanup());

    const fail = (ip: string, at: number, max = 3) => repo.recordFailure(ip, at, W, max, BLOCK);

    test('failures are counted in a sliding window; the one reaching the max blocks', async () => {
      assert.deepEqual(await fail('192.0.2.1', T0), { failures: 1, started: false });
      assert.deepEqual(await fail('192.0.2.1', T0 + 3 * MIN), { failures: 2, started: false });
      // The first failure left the window: this one is the second inside it.
      assert.deepEqual(await fail('192.0.2.1', T0 + 6 * MIN), { failures: 2, started: false });
      assert.deepEqual(await repo.blocked(T0 + 6 * MIN), []);
      const at = T0 + 6 * MIN;
      assert.deepEqual(await fail('192.0.2.1', at), { failures: 3, blockedUntil: at + BLOCK, started: true });
      assert.deepEqual(await repo.blocked(at), [{ ip: '192.0.2.1', blockedUntil: at + BLOCK }]);
    });

    test('a failure while blocked is not counted and does not extend the block; the block expires', async () => {
      for (let i = 0; i < 3; i++) await fail('192.0.2.2', T0);
      assert.deepEqual(await fail('192.0.2.2', T0 + MIN), { failures: 3, blockedUntil: T0 + BLOCK, started: false });
      assert.equal((await repo.list(T0 + MIN, W, 10)).lockouts[0]!.lastFailureAt, T0, 'a failure while blocked is not the last one');
      assert.deepEqual(await repo.blocked(T0 + BLOCK - 1), [{ ip: '192.0.2.2', blockedUntil: T0 + BLOCK }]);
      assert.deepEqual(await repo.blocked(T0 + BLOCK), [], 'expired at blockedUntil');
      // Counting starts afresh after the block: the failures that caused it were cleared.
      assert.deepEqual(await fail('192.0.2.2', T0 + BLOCK), { failures: 1, started: false });
    });

    test('a max of one blocks at the first failure; other IPs are not affected', async () => {
      assert.equal((await fail('192.0.2.3', T0, 1)).started, true);
      assert.deepEqual(await fail('192.0.2.4', T0, 1 + 1), { failures: 1, started: false });
      assert.deepEqual((await repo.blocked(T0)).map((r) => r.ip), ['192.0.2.3']);
    });

    test('list: blocked first (latest first), then failing IPs (most first), with the total before the limit', async () => {
      for (let i = 0; i < 3; i++) await fail('192.0.2.1', T0);
      for (let i = 0; i < 3; i++) await fail('192.0.2.2', T0 + MIN);
      await fail('192.0.2.3', T0 + MIN);
      await fail('192.0.2.4', T0 + MIN);
      await fail('192.0.2.4', T0 + MIN);
      const now = T0 + MIN;
      const { lockouts, total } = await repo.list(now, W, 100);
      assert.equal(total, 4);
      assert.deepEqual(lockouts, [
        { ip: '192.0.2.2', failures: 3, blockedUntil: T0 + MIN + BLOCK, lastFailureAt: T0 + MIN },
        { ip: '192.0.2.1', failures: 3, blockedUntil: T0 + BLOCK, lastFailureAt: T0 },
        { ip: '192.0.2.4', failures: 2, lastFailureAt: T0 + MIN },
        { ip: '192.0.2.3', failures: 1, lastFailureAt: T0 + MIN },
      ]);
      const one = await repo.list(now, W, 1);
      assert.deepEqual([one.lockouts.length, one.total], [1, 4]);
      const later = await repo.list(T0 + 6 * MIN, W, 100);
      assert.deepEqual(later.lockouts.map((l) => l.ip), ['192.0.2.2', '192.0.2.1'], 'failures out of the window are not listed');
      assert.deepEqual(await repo.list(T0 + 6 * MIN, W, Infinity), later);
    });

    test('release forgets one IP and says whether it lifted a block; releaseAll forgets every IP', async () => {
      for (let i = 0; i < 3; i++) await fail('192.0.2.1', T0);
      await fail('192.0.2.2', T0);
      assert.deepEqual(await repo.release('192.0.2.1', T0), { lifted: true });
      assert.equal(await repo.release('192.0.2.1', T0), undefined, 'nothing left');
      assert.deepEqual(await repo.release('192.0.2.2', T0), { lifted: false });
      assert.deepEqual(await fail('192.0.2.2', T0), { failures: 1, started: false }, 'its failures were forgotten too');

      for (let i = 0; i < 3; i++) await fail('192.0.2.5', T0);
      const all = await repo.releaseAll(T0);
      assert.deepEqual(all, { forgotten: 2, lifted: ['192.0.2.5'] });
      assert.deepEqual(await repo.list(T0, W, 100), { lockouts: [], total: 0 });
      assert.deepEqual(await repo.blocked(T0), []);
    });

    test('prune deletes failures out of the window and IPs with nothing left, never a block or a recent failure', async () => {
      for (let i = 0; i < 3; i++) await fail('192.0.2.1', T0);
      await fail('192.0.2.2', T0);
      await fail('192.0.2.3', T0 + 4 * MIN);
      const now = T0 + 6 * MIN;
      assert.equal(await repo.prune(now, W), 2, "192.0.2.2's failure and its row");
      assert.deepEqual((await repo.list(now, W, 100)).lockouts.map((l) => l.ip), ['192.0.2.1', '192.0.2.3']);
      assert.equal(await repo.prune(now, W), 0);
      assert.ok((await repo.prune(T0 + BLOCK, W)) >= 2, 'the expired block and the old failure go');
      assert.deepEqual(await repo.list(T0 + BLOCK, W, 100), { lockouts: [], total: 0 });
      const rows = await ts.sql<{ n: number }>('SELECT COUNT(*) AS n FROM lockouts');
      assert.equal(Number(rows[0]!.n), 0);
    });

    test('two stores (two nodes) recording failures of one IP at once block it exactly at the max', async () => {
      const other: Store = await ts.another();
      const max = 5;
      for (let round = 0; round < 20; round++) {
        const ip = `198.51.100.${round}`;
        const now = T0 + round;
        const outcomes = await Promise.all(
          Array.from({ length: 2 * max }, (_, i) => (i % 2 === 0 ? repo : other.lockouts).recordFailure(ip, now, W, max, BLOCK)),
        );
        const started = outcomes.filter((o) => o.started);
        assert.equal(started.length, 1, `round ${round}: exactly one failure starts the block`);
        assert.equal(started[0]!.failures, max);
        assert.equal(outcomes.filter((o) => !o.started && o.blockedUntil === undefined).length, max - 1, 'the others before it were counted');
        assert.ok(outcomes.every((o) => o.failures <= max));
        const [l] = (await other.lockouts.list(now, W, 1)).lockouts;
        assert.deepEqual(l, { ip, failures: max, blockedUntil: now + BLOCK, lastFailureAt: now });
      }
    });
  });
}
