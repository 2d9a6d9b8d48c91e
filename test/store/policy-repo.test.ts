// PolicyRepo beyond the basics of test/policy/counters-store.test.ts, on each backend
// (backends.ts): list order and scopes, settings replaced per scope, give-backs never below zero,
// pruning by expiry, and counters shared by two nodes.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ListEntry } from '../../src/domain/policy.js';
import type { CounterTake } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';

const take = (key: string, max: number, windowStart = 0, expiresAt = 60_000): CounterTake =>
  ({ scope: 'app:60', key, windowStart, expiresAt, max });

for (const b of storeBackends()) {
  describe(`policy repository (${b.name})`, { skip: b.skip }, () => {
    let t: TempStore;
    before(async () => { t = await b.open(); });
    after(() => t.cleanup());

    it('lists every entry of every scope and list, sorted by scope, list, number (byte order)', async () => {
      const entries: ListEntry[] = [
        { scope: 'app2', list: 'callerBlacklist', number: '+8620', createdAt: 1 },
        { scope: '', list: 'calleeWhitelist', number: '+8610', createdAt: 2 },
        { scope: 'app1', list: 'calleeBlacklist', number: '+8630', createdAt: 3 },
        { scope: 'app1', list: 'calleeBlacklist', number: '+86100', createdAt: 4 },
        { scope: 'App1', list: 'calleeBlacklist', number: '+8611', createdAt: 5 },
        { scope: '', list: 'calleeBlacklist', number: '+8610', createdAt: 6 },
      ];
      for (const e of entries) assert.equal(await t.store.policy.addListEntry(e), true);
      assert.deepEqual((await t.store.policy.listEntries()).map((e) => [e.scope, e.list, e.number, e.createdAt]), [
        ['', 'calleeBlacklist', '+8610', 6],
        ['', 'calleeWhitelist', '+8610', 2],
        ['App1', 'calleeBlacklist', '+8611', 5],
        ['app1', 'calleeBlacklist', '+86100', 4],
        ['app1', 'calleeBlacklist', '+8630', 3],
        ['app2', 'callerBlacklist', '+8620', 1],
      ]);
      assert.equal(await t.store.policy.removeListEntry('app1', 'calleeWhitelist', '+8630'), false, 'another list');
      assert.equal(await t.store.policy.removeListEntry('app1', 'calleeBlacklist', '+8630'), true);
      assert.equal((await t.store.policy.listEntries()).length, 5);
    });

    it('settings are kept per scope; putting again replaces them whole', async () => {
      await t.store.policy.putSettings('', { appCalls: { max: 10, windowS: 60 } }, 1);
      await t.store.policy.putSettings('app1', { whitelistMode: true }, 2);
      await t.store.policy.putSettings('app1', { spCalls: { max: 3, windowS: 1 } }, 3);
      const all = await t.store.policy.settings();
      assert.deepEqual([...all.keys()].sort(), ['', 'app1']);
      assert.deepEqual(all.get(''), { appCalls: { max: 10, windowS: 60 } });
      assert.deepEqual(all.get('app1'), { spCalls: { max: 3, windowS: 1 } });
      const [row] = await t.sql<{ updated_at: number }>('SELECT updated_at FROM policy_settings WHERE scope = ?', 'app1');
      assert.equal(Number(row?.updated_at), 3);
    });

    it('give takes back one of each, never below zero, and touches no other window', async () => {
      assert.equal(await t.store.policy.take([take('g', 5), take('h', 5), take('g', 5, 60_000, 120_000)]), undefined);
      await t.store.policy.give([take('g', 5), take('h', 5)]);
      await t.store.policy.give([take('g', 5), take('nothing', 5)]);
      assert.equal(await t.store.policy.count('app:60', 'g', 0), 0);
      assert.equal(await t.store.policy.count('app:60', 'h', 0), 0);
      assert.equal(await t.store.policy.count('app:60', 'g', 60_000), 1);
      assert.equal(await t.store.policy.count('app:60', 'nothing', 0), 0);
      await t.store.policy.give([]);
      assert.equal(await t.store.policy.take([]), undefined);
    });

    it('pruneCounters deletes the windows expired at `now` (expiresAt <= now) and resolves how many', async () => {
      await t.store.policy.take([take('p1', 5, 0, 1000), take('p2', 5, 0, 2000), take('p3', 5, 0, 3000)]);
      assert.equal(await t.store.policy.pruneCounters(999), 0);
      assert.equal(await t.store.policy.pruneCounters(2000), 2);
      assert.equal(await t.store.policy.count('app:60', 'p2', 0), 0);
      assert.equal(await t.store.policy.count('app:60', 'p3', 0), 1);
    });

    it('two nodes taking one counter at once admit exactly max, and give-backs free the same room', async () => {
      const other = await t.another();
      const nodes = [t.store, other];
      const taken = await Promise.all(Array.from({ length: 30 }, (_, i) => nodes[i % 2]!.policy.take([take('shared', 9)])));
      assert.equal(taken.filter((r) => r === undefined).length, 9);
      assert.equal(await other.policy.count('app:60', 'shared', 0), 9);
      await Promise.all(Array.from({ length: 4 }, (_, i) => nodes[i % 2]!.policy.give([take('shared', 9)])));
      const again = await Promise.all(Array.from({ length: 10 }, (_, i) => nodes[i % 2]!.policy.take([take('shared', 9)])));
      assert.equal(again.filter((r) => r === undefined).length, 4);
      assert.equal(await t.store.policy.count('app:60', 'shared', 0), 9);
    });
  });
}
