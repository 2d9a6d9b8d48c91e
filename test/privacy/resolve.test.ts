// The resolver the inbound router asks (src/privacy/resolve.ts), over the real store on both
// backends: A->X reaches B (10), B->X reaches A (11), a third number is refused, an X with no
// binding and a number in no pool are told apart, expiry and unbind refuse the next call, AX
// routes (20, 21), and the display number, recording and duration each binding asks for.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { resolvePrivacyCall } from '../../src/privacy/resolve.js';
import type { Store } from '../../src/store/types.js';
import { storeBackends, type TempStore } from '../store/backends.js';
import { newBinding } from '../store/privacy-fixtures.js';

const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);
const X = '+8675528000101';
const X2 = '+8675528000102';
const A = '+8613900000011';
const B = '+8613900000012';
const C = '+8613900000013';

async function setUp(store: Store): Promise<void> {
  await store.privacy.createPool({ poolId: 'NP1', appKey: 'app1', createdAt: T0 });
  for (const number of [X, X2]) {
    await store.apps.addNumber({ number, appKey: 'app1', status: 'active' });
    await store.privacy.addNumber({ number, poolId: 'NP1', appKey: 'app1', addedAt: T0 });
  }
}

for (const b of storeBackends()) {
  describe(`resolvePrivacyCall (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    beforeEach(async () => {
      ts = await b.open();
      await setUp(ts.store);
    });
    afterEach(() => ts.cleanup());
    const resolve = (x: string, caller: string, now = T0) => resolvePrivacyCall(ts.store.privacy, x, caller, now);

    test('AXB: A->X reaches B (10), B->X reaches A (11), shown X; a third number is refused', async () => {
      const bd = await ts.store.privacy.bind(newBinding({ subscriptionId: 'sub-axb', x: X, record: true, maxDuration: 5, userData: '{"orderId":"1"}', expiresAt: T0 + 60_000 }), T0);
      assert.ok('binding' in bd);
      const ab = await resolve(X, A);
      assert.ok(ab.ok);
      assert.deepEqual({ callee: ab.callee, type: ab.secretCallType, shown: ab.displayNumber, record: ab.record, max: ab.maxDurationS }, { callee: B, type: 10, shown: X, record: true, max: 300 });
      assert.deepEqual(ab.facts, { kind: 'AXB', poolId: 'NP1', subscriptionId: 'sub-axb', x: X, a: A, b: B, secretCallType: 10, displayType: 1, userData: '{"orderId":"1"}' });
      assert.equal(ab.binding.subscriptionId, 'sub-axb');
      const ba = await resolve(X, B);
      assert.ok(ba.ok);
      assert.deepEqual([ba.callee, ba.secretCallType, ba.facts.a, ba.facts.b], [A, 11, A, B]);
      assert.deepEqual(await resolve(X, C), { ok: false, reason: 'third_party', appKey: 'app1', poolId: 'NP1' });
    });

    test('an X whose pool is another app\'s (the number has changed hands) is not the calling app\'s privacy number', async () => {
      const bd = await ts.store.privacy.bind(newBinding({ x: X }), T0);
      assert.ok('binding' in bd);
      assert.equal((await resolvePrivacyCall(ts.store.privacy, X, A, T0, 'app1')).ok, true);
      assert.deepEqual(await resolvePrivacyCall(ts.store.privacy, X, A, T0, 'app2'), { ok: false, reason: 'not_privacy_number' });
    });

    test('refusals: an X without binding, a number in no pool; expired and unbound bindings refuse the next call', async () => {
      assert.deepEqual(await resolve(X, A), { ok: false, reason: 'no_binding', appKey: 'app1', poolId: 'NP1' });
      assert.deepEqual(await resolve('+8675528000999', A), { ok: false, reason: 'not_privacy_number' });
      const bd = await ts.store.privacy.bind(newBinding({ x: X, expiresAt: T0 + 1000 }), T0);
      assert.ok('binding' in bd);
      assert.equal((await resolve(X, A, T0 + 999)).ok, true);
      assert.deepEqual(await resolve(X, A, T0 + 1000), { ok: false, reason: 'no_binding', appKey: 'app1', poolId: 'NP1' });
      const other = await ts.store.privacy.bind(newBinding({ x: X2 }), T0);
      assert.ok('binding' in other);
      await ts.store.privacy.unbind('app1', other.binding.subscriptionId, T0 + 5);
      assert.deepEqual((await resolve(X2, B, T0 + 5)).ok, false);
    });

    test('several pairs on one X: each caller reaches its own partner', async () => {
      await ts.store.privacy.bind(newBinding({ x: X }), T0);
      await ts.store.privacy.bind(newBinding({ x: X, a: C, b: '+8613900000014' }), T0);
      const r1 = await resolve(X, B);
      const r2 = await resolve(X, '+8613900000014');
      assert.ok(r1.ok && r2.ok);
      assert.deepEqual([r1.callee, r2.callee], [A, C]);
    });

    test('callDisplayType 2 shows the caller\'s real number', async () => {
      await ts.store.privacy.bind(newBinding({ x: X, displayType: 2 }), T0);
      const r = await resolve(X, A);
      assert.ok(r.ok);
      assert.deepEqual([r.displayNumber, r.facts.displayType], [A, 2]);
    });

    test('AX: another number calling X reaches A (20, B = the caller); A calling X calls out, callee named by the app (21)', async () => {
      await ts.store.privacy.bind(newBinding({ subscriptionId: 'sub-ax', kind: 'AX', b: undefined, x: X }), T0);
      const inbound = await resolve(X, C);
      assert.ok(inbound.ok);
      assert.deepEqual([inbound.callee, inbound.secretCallType, inbound.facts.a, inbound.facts.b], [A, 20, A, C]);
      const out = await resolve(X, A);
      assert.ok(out.ok);
      assert.deepEqual([out.callee, out.secretCallType, out.facts.b, out.facts.kind], [undefined, 21, undefined, 'AX']);
    });
  });
}
