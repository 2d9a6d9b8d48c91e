// Privacy numbers in the store (PrivacyRepo, migration 017) on both backends: pools and their
// numbers (a number in use cannot be removed), binds that pick a free X and keep every caller of
// an X naming one binding, exhaustion, idempotency by requestId, modify, unbind, expiry (counted
// at once, swept later) and binds racing for the last X from several connections.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { PrivacyRepo, Store } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { newBinding } from './privacy-fixtures.js';

const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);
const X1 = '+8675528000101';
const X2 = '+8675528000102';
const A = '+8613900000011';
const B = '+8613900000012';
const C = '+8613900000013';

async function poolWith(store: Store, numbers: Array<[string, string?]>, poolId = 'NP1', appKey = 'app1'): Promise<void> {
  await store.privacy.createPool({ poolId, appKey, createdAt: T0 });
  for (const [number, areaCode] of numbers) {
    await store.apps.addNumber({ number, appKey, status: 'active' });
    assert.equal(await store.privacy.addNumber({ number, poolId, appKey, ...(areaCode ? { areaCode } : {}), addedAt: T0 }), 'added');
  }
}

function bound(r: Awaited<ReturnType<PrivacyRepo['bind']>>) {
  assert.ok('binding' in r, JSON.stringify(r));
  return r.binding;
}

for (const b of storeBackends()) {
  describe(`privacy repo (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: PrivacyRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.privacy;
    });
    afterEach(() => ts.cleanup());

    test('pools per app, numbers once in one pool, listed with their load', async () => {
      await poolWith(ts.store, [[X1, '755'], [X2]]);
      assert.equal(await repo.createPool({ poolId: 'NP1', appKey: 'app2', createdAt: T0 }), false);
      assert.deepEqual((await repo.pools('app1')).map((p) => p.poolId), ['NP1']);
      assert.deepEqual(await repo.pools('app2'), []);
      assert.equal(await repo.addNumber({ number: X1, poolId: 'NP1', appKey: 'app1', addedAt: T0 }), 'taken');
      assert.equal(await repo.addNumber({ number: '+8675528000109', poolId: 'NP9', appKey: 'app1', addedAt: T0 }), 'pool_not_found');
      assert.equal(await repo.addNumber({ number: '+8675528000109', poolId: 'NP1', appKey: 'app2', addedAt: T0 }), 'pool_not_found');
      bound(await repo.bind(newBinding({ x: X1 }), T0));
      assert.deepEqual((await repo.numbers('NP1', T0)).map((v) => [v.number, v.areaCode, v.bindings]), [[X1, '755', 1], [X2, undefined, 0]]);
      assert.deepEqual(await repo.number(X1), { number: X1, poolId: 'NP1', appKey: 'app1', areaCode: '755', addedAt: T0 });
    });

    test('a number with an active binding cannot be removed, nor its pool deleted; once unbound they can', async () => {
      await poolWith(ts.store, [[X1], [X2]]);
      const bd = bound(await repo.bind(newBinding({ x: X1 }), T0));
      assert.equal(await repo.removeNumber('NP1', X1, T0), 'in_use');
      assert.equal(await repo.deletePool('app1', 'NP1', T0), 'in_use');
      assert.equal(await repo.removeNumber('NP1', X2, T0), 'removed');
      assert.equal(await repo.removeNumber('NP1', X2, T0), 'not_found');
      await repo.unbind('app1', bd.subscriptionId, T0 + 1);
      assert.equal(await repo.removeNumber('NP1', X1, T0 + 1), 'removed');
      assert.equal(await repo.deletePool('app2', 'NP1', T0 + 1), 'not_found');
      assert.equal(await repo.deletePool('app1', 'NP1', T0 + 1), 'deleted');
      assert.equal(await repo.pool('NP1'), undefined);
    });

    test('a bind stores every field and picks the least loaded X; parties never repeat on an X', async () => {
      await poolWith(ts.store, [[X1], [X2]]);
      const first = bound(await repo.bind(newBinding({ subscriptionId: 's1', expiresAt: T0 + 3_600_000, record: true, maxDuration: 5, displayType: 2, userData: '{"o":1}', requestId: 'r1', requestHash: 'h1' }), T0));
      assert.deepEqual(first, {
        subscriptionId: 's1', appKey: 'app1', poolId: 'NP1', kind: 'AXB', x: X1, a: A, b: B, state: 'active', expiresAt: T0 + 3_600_000,
        record: true, maxDuration: 5, displayType: 2, userData: '{"o":1}', requestId: 'r1', createdAt: T0, updatedAt: T0,
      });
      // A again, with C: X1 has A already, so X2.
      assert.equal(bound(await repo.bind(newBinding({ b: C }), T0)).x, X2);
      // Two others share X1 (no party in common with its binding), the least loaded of equals first.
      assert.equal(bound(await repo.bind(newBinding({ a: '+8613900000021', b: '+8613900000022' }), T0)).x, X1);
      // A with a third B: A is on both Xs.
      assert.deepEqual(await repo.bind(newBinding({ b: '+8613900000031' }), T0), { refused: 'no_free_number' });
      // B's partner on X1 is A; B with C on X1 is refused (named), on X2 neither is a party... C is.
      assert.deepEqual(await repo.bind(newBinding({ a: B, b: '+8613900000041', x: X1 }), T0), { refused: 'number_busy' });
      assert.deepEqual(await repo.bind(newBinding({ a: '+8613900000051', b: '+8613900000052', x: '+8675528000199' }), T0), { refused: 'number_not_in_pool' });
      assert.deepEqual(await repo.bind(newBinding({ poolId: 'NP9' }), T0), { refused: 'pool_not_found' });
      assert.deepEqual(await repo.bind(newBinding({ appKey: 'app2' }), T0), { refused: 'pool_not_found' });
    });

    test('by area code; a suspended display number is never picked', async () => {
      await poolWith(ts.store, [[X1, '755'], [X2, '10']]);
      assert.equal(bound(await repo.bind(newBinding({ areaCode: '10' }), T0)).x, X2);
      assert.deepEqual(await repo.bind(newBinding({ a: C, b: '+8613900000061', areaCode: '21' }), T0), { refused: 'no_free_number' });
      await ts.store.apps.putNumber({ number: X1, appKey: 'app1', status: 'suspended' });
      assert.deepEqual(await repo.bind(newBinding({ a: C, b: '+8613900000061', areaCode: '755' }), T0), { refused: 'no_free_number' });
    });

    test('an AX binding holds its X alone', async () => {
      await poolWith(ts.store, [[X1]]);
      const ax = bound(await repo.bind(newBinding({ kind: 'AX', b: undefined }), T0));
      assert.equal(ax.b, undefined);
      assert.deepEqual(await repo.bind(newBinding({ a: C, b: '+8613900000071' }), T0), { refused: 'no_free_number' });
      assert.deepEqual(await repo.bind(newBinding({ kind: 'AX', a: C, b: undefined }), T0), { refused: 'no_free_number' });
      await repo.unbind('app1', ax.subscriptionId, T0);
      bound(await repo.bind(newBinding({ a: C, b: '+8613900000071' }), T0));
      // ... and an X with any binding takes no AX.
      assert.deepEqual(await repo.bind(newBinding({ kind: 'AX', a: '+8613900000072', b: undefined }), T0), { refused: 'no_free_number' });
    });

    test('onX: what a caller of X reaches, AXB by its party row, AX by the whole-X row', async () => {
      await poolWith(ts.store, [[X1], [X2]]);
      const axb = bound(await repo.bind(newBinding({ x: X1 }), T0));
      const ax = bound(await repo.bind(newBinding({ kind: 'AX', a: C, b: undefined, x: X2 }), T0));
      assert.deepEqual((await repo.onX(X1, A, T0)).map((x) => x.subscriptionId), [axb.subscriptionId]);
      assert.deepEqual((await repo.onX(X1, B, T0)).map((x) => x.subscriptionId), [axb.subscriptionId]);
      assert.deepEqual(await repo.onX(X1, C, T0), []);
      assert.deepEqual((await repo.onX(X2, C, T0)).map((x) => x.subscriptionId), [ax.subscriptionId]);
      assert.deepEqual((await repo.onX(X2, A, T0)).map((x) => x.subscriptionId), [ax.subscriptionId]);
    });

    test('idempotent by requestId: the same request answers the first binding, another request is refused', async () => {
      await poolWith(ts.store, [[X1], [X2]]);
      const first = bound(await repo.bind(newBinding({ requestId: 'req-1', requestHash: 'h' }), T0));
      const again = await repo.bind(newBinding({ requestId: 'req-1', requestHash: 'h' }), T0 + 5);
      assert.deepEqual(again, { binding: first, repeated: true });
      assert.deepEqual(await repo.bind(newBinding({ requestId: 'req-1', requestHash: 'other', b: C }), T0 + 5), { refused: 'request_reused' });
      // Another app's requestId is its own.
      await poolWith(ts.store, [['+8675528000201']], 'NP2', 'app2');
      bound(await repo.bind(newBinding({ appKey: 'app2', poolId: 'NP2', requestId: 'req-1', requestHash: 'h' }), T0));
      assert.equal((await repo.list('app1', {}, T0, undefined, 10)).length, 1);
    });

    test('modify: new B, expiry, flags; a party already on the X is refused; nothing changes then', async () => {
      await poolWith(ts.store, [[X1]]);
      const one = bound(await repo.bind(newBinding({ expiresAt: T0 + 1000 }), T0));
      const other = bound(await repo.bind(newBinding({ a: '+8613900000081', b: '+8613900000082' }), T0));
      const changed = await repo.modify('app1', one.subscriptionId, { b: C, expiresAt: null, record: true, maxDuration: 3, displayType: 2, userData: 'u' }, T0 + 10);
      assert.ok('binding' in changed);
      const { expiresAt: _dropped, ...kept } = one;
      assert.deepEqual(changed.binding, { ...kept, b: C, record: true, maxDuration: 3, displayType: 2, userData: 'u', updatedAt: T0 + 10 });
      assert.deepEqual((await repo.onX(X1, C, T0 + 10)).map((x) => x.subscriptionId), [one.subscriptionId]);
      assert.deepEqual(await repo.onX(X1, B, T0 + 10), []);
      assert.deepEqual(await repo.modify('app1', one.subscriptionId, { b: other.a }, T0 + 20), { refused: 'party_busy' });
      assert.deepEqual(await repo.modify('app1', one.subscriptionId, { b: A }, T0 + 20), { refused: 'same_parties' });
      assert.deepEqual(await repo.modify('app2', one.subscriptionId, { b: '+8613900000091' }, T0 + 20), { refused: 'not_found' });
      assert.equal((await repo.get('app1', one.subscriptionId))!.b, C);
      await repo.unbind('app1', one.subscriptionId, T0 + 30);
      assert.deepEqual(await repo.modify('app1', one.subscriptionId, { b: B }, T0 + 40), { refused: 'ended' });
    });

    test('unbind ends the binding (kept, state unbound), frees its parties at once; another app cannot', async () => {
      await poolWith(ts.store, [[X1]]);
      const one = bound(await repo.bind(newBinding(), T0));
      assert.equal(await repo.unbind('app2', one.subscriptionId, T0), undefined);
      const ended = await repo.unbind('app1', one.subscriptionId, T0 + 5);
      assert.equal(ended?.state, 'unbound');
      assert.equal(ended?.endedAt, T0 + 5);
      assert.equal((await repo.unbind('app1', one.subscriptionId, T0 + 9))?.endedAt, T0 + 5);
      assert.deepEqual(await repo.onX(X1, A, T0 + 5), []);
      assert.deepEqual(await repo.list('app1', {}, T0 + 5, undefined, 10), []);
      bound(await repo.bind(newBinding(), T0 + 6));
    });

    test('expiry: an expired binding stops counting at once; the sweep ends it; list filters and pages', async () => {
      await poolWith(ts.store, [[X1]]);
      const soon = bound(await repo.bind(newBinding({ subscriptionId: 'a1', expiresAt: T0 + 1000 }), T0));
      bound(await repo.bind(newBinding({ subscriptionId: 'a2', a: C, b: '+8613900000101', expiresAt: T0 + 5000 }), T0));
      assert.deepEqual((await repo.list('app1', {}, T0, undefined, 1)).map((x) => x.subscriptionId), ['a1']);
      assert.deepEqual((await repo.list('app1', {}, T0, 'a1', 10)).map((x) => x.subscriptionId), ['a2']);
      assert.deepEqual((await repo.list('app1', { number: C }, T0, undefined, 10)).map((x) => x.subscriptionId), ['a2']);
      assert.deepEqual((await repo.list('app1', { x: X2 }, T0, undefined, 10)), []);
      assert.deepEqual(await repo.onX(X1, A, T0 + 1000), []);
      // Not swept yet, and A and B bind X again: the expired binding is ended on the way.
      const again = bound(await repo.bind(newBinding({ subscriptionId: 'a3' }), T0 + 1000));
      assert.equal(again.x, X1);
      assert.equal((await repo.get('app1', soon.subscriptionId))?.state, 'expired');
      assert.equal(await repo.sweep(T0 + 4999, 10), 0);
      assert.equal(await repo.sweep(T0 + 5000, 10), 1);
      const swept = await repo.get(undefined, 'a2');
      assert.deepEqual([swept?.state, swept?.endedAt], ['expired', T0 + 5000]);
      assert.deepEqual(await repo.onX(X1, C, T0 + 5000), []);
      assert.equal(await repo.removeNumber('NP1', X1, T0 + 5000), 'in_use');
    });

    test('binds racing for the last X from several connections: exactly one wins', async () => {
      await poolWith(ts.store, [[X1]]);
      const others = [ts.store, await ts.another(), await ts.another()];
      // Every bind has A: only one can hold X1.
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
        others[i % others.length]!.privacy.bind(newBinding({ subscriptionId: `race${i}`, b: `+86139000002${String(i).padStart(2, '0')}` }), T0)));
      assert.equal(results.filter((r) => 'binding' in r).length, 1, JSON.stringify(results));
      assert.ok(results.filter((r) => !('binding' in r)).every((r) => 'refused' in r && r.refused === 'no_free_number'));
      assert.equal((await repo.list('app1', {}, T0, undefined, 20)).length, 1);
      // AX binds racing for one free X: one wins too.
      await poolWith(ts.store, [['+8675528000301']], 'NP3');
      const ax = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        others[i % others.length]!.privacy.bind(newBinding({ poolId: 'NP3', kind: 'AX', b: undefined, subscriptionId: `ax${i}`, a: `+86139000003${String(i).padStart(2, '0')}` }), T0)));
      assert.equal(ax.filter((r) => 'binding' in r).length, 1, JSON.stringify(ax));
    });

    test('A bound on every X of a 20-number pool at once (more Xs than one query returns): one binding per X, then none', async () => {
      const xs = Array.from({ length: 20 }, (_, i) => [`+86755280005${String(i).padStart(2, '0')}`] as [string]);
      await poolWith(ts.store, xs);
      const others = [ts.store, await ts.another(), await ts.another()];
      const results = await Promise.all(xs.map((_, i) =>
        others[i % others.length]!.privacy.bind(newBinding({ subscriptionId: `all${i}`, b: `+86139000004${String(i).padStart(2, '0')}` }), T0)));
      const taken = results.map((r) => bound(r).x).sort();
      assert.deepEqual(taken, xs.map(([x]) => x).sort());
      assert.deepEqual(await repo.bind(newBinding({ b: '+8613900000499' }), T0), { refused: 'no_free_number' });
    });

    test('the same requestId sent twice at once makes one binding', async () => {
      await poolWith(ts.store, [[X1], [X2]]);
      const other = await ts.another();
      const [r1, r2] = await Promise.all([
        repo.bind(newBinding({ subscriptionId: 'd1', requestId: 'dup', requestHash: 'h' }), T0),
        other.privacy.bind(newBinding({ subscriptionId: 'd2', requestId: 'dup', requestHash: 'h' }), T0),
      ]);
      const ids = [bound(r1!).subscriptionId, bound(r2!).subscriptionId];
      assert.equal(ids[0], ids[1]);
      assert.equal((await repo.list('app1', {}, T0, undefined, 10)).length, 1);
    });
  });
}
