// Inbound routes (InboundRouteRepo, migration 016) on both backends: one per app number, only on
// the app's own number, replaced in place (createdAt kept), listed per app, removed with the number.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { InboundRoute } from '../../src/domain/inbound.js';
import type { InboundRouteRepo } from '../../src/store/inbound-repo.js';
import { storeBackends, type TempStore } from './backends.js';

const T0 = Date.UTC(2026, 10, 26, 3, 0, 0);

function route(over: Partial<InboundRoute> = {}): InboundRoute {
  return { number: '+8675500000001', appKey: 'app1', action: { type: 'flow', flowId: 'menu' }, createdAt: T0, updatedAt: T0, ...over };
}

for (const b of storeBackends()) {
  describe(`inbound routes (${b.name})`, { skip: b.skip }, () => {
    let ts: TempStore;
    let repo: InboundRouteRepo;
    beforeEach(async () => {
      ts = await b.open();
      repo = ts.store.inboundRoutes;
      await ts.store.apps.addNumber({ number: '+8675500000001', appKey: 'app1', status: 'active' });
      await ts.store.apps.addNumber({ number: '+8675500000002', appKey: 'app1', status: 'active' });
      await ts.store.apps.addNumber({ number: '+8675500000003', appKey: 'app2', status: 'active' });
    });
    afterEach(() => ts.cleanup());

    test('put, get, replace keeps createdAt, list per app', async () => {
      assert.equal(await repo.put(route()), true);
      assert.deepEqual(await repo.get('+8675500000001'), route());
      const url: InboundRoute = route({ action: { type: 'url', url: 'https://app.example/inbound', timeoutMs: 3000, fallback: { type: 'reject', reason: 'closed' } }, createdAt: T0 + 5, updatedAt: T0 + 5 });
      assert.equal(await repo.put(url), true);
      assert.deepEqual(await repo.get('+8675500000001'), { ...url, createdAt: T0 });
      await repo.put(route({ number: '+8675500000002', action: { type: 'forward', to: '+8613900000001', record: true } }));
      assert.deepEqual((await repo.forApp('app1')).map((r) => [r.number, r.action.type]), [['+8675500000001', 'url'], ['+8675500000002', 'forward']]);
      assert.deepEqual(await repo.forApp('app2'), []);
      assert.equal(await repo.get('+8675500000009'), undefined);
    });

    test('a number that is not the app\'s takes no route, and nothing is written', async () => {
      assert.equal(await repo.put(route({ number: '+8675500000003' })), false);
      assert.equal(await repo.put(route({ number: '+8675500000009' })), false);
      assert.equal(await repo.get('+8675500000003'), undefined);
      assert.equal(await repo.get('+8675500000009'), undefined);
    });

    test('delete, and removing the number removes its route', async () => {
      await repo.put(route());
      await repo.put(route({ number: '+8675500000002' }));
      assert.equal(await repo.delete('app2', '+8675500000001'), false);
      assert.equal(await repo.delete('app1', '+8675500000001'), true);
      assert.equal(await repo.delete('app1', '+8675500000001'), false);
      assert.equal(await ts.store.apps.removeNumber('app1', '+8675500000002'), true);
      assert.equal(await repo.get('+8675500000002'), undefined);
    });
  });
}
