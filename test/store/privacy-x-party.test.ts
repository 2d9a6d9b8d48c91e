// A bind never puts a party behind itself (docs/privacy-numbers.md, "Which X a bind takes"): an X
// of the pool that is also A or B is skipped when the store picks one, and is refused when named
// (it could not be modified afterwards: a party cannot be the binding's X). Both backends.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { PrivacyRepo } from '../../src/store/types.js';
import { storeBackends, type TempStore } from './backends.js';
import { newBinding } from './privacy-fixtures.js';

const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);
/** Sorts before the other X: the least-loaded-then-lowest pick would take it first. */
const AX = '+8613900000001';
const X2 = '+8675528000102';
const B = '+8613900000012';

for (const b of storeBackends()) {
  describe(`privacy X never a party (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: PrivacyRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.privacy;
      await repo.createPool({ poolId: 'NP1', appKey: 'app1', createdAt: T0 });
      for (const number of [AX, X2]) {
        await ts.store.apps.addNumber({ number, appKey: 'app1', status: 'active' });
        assert.equal(await repo.addNumber({ number, poolId: 'NP1', appKey: 'app1', addedAt: T0 }), 'added');
      }
    });
    afterEach(() => ts.cleanup());

    test('the picked X is neither A nor B', async () => {
      for (const [a, bb] of [[AX, B], [B, AX]] as const) {
        const r = await repo.bind(newBinding({ a, b: bb }), T0);
        assert.ok('binding' in r, JSON.stringify(r));
        assert.equal(r.binding.x, X2);
        await repo.unbind('app1', r.binding.subscriptionId, T0);
      }
      const ax = await repo.bind(newBinding({ kind: 'AX', a: AX, b: undefined }), T0);
      assert.ok('binding' in ax && ax.binding.x === X2, JSON.stringify(ax));
    });

    test('no X but A itself: no free number; A named as X: busy', async () => {
      assert.ok('binding' in await repo.bind(newBinding({ kind: 'AX', a: '+8613900000021', b: undefined, x: X2 }), T0));
      assert.deepEqual(await repo.bind(newBinding({ a: AX, b: B }), T0), { refused: 'no_free_number' });
      assert.deepEqual(await repo.bind(newBinding({ a: AX, b: B, x: AX }), T0), { refused: 'number_busy' });
    });
  });
}
