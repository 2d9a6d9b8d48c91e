// An inbound route that names a flow holds it (docs/flows.md, "Versions, uses and delete"): a
// route of type flow, or a URL route whose fallback is the flow, refuses the flow's delete as a
// task's use does, naming the number; once the route no longer names it, the delete goes
// through. Both backends.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { FlowDefinition } from '../../src/domain/flow.js';
import type { RouteAction } from '../../src/domain/inbound.js';
import { storeBackends, type TempStore } from './backends.js';

const def: FlowDefinition = { start: 'a', nodes: [{ id: 'a', type: 'say', text: 'hi', next: 'b' }, { id: 'b', type: 'hangup' }] };
const N1 = '+8675528000001';
const N2 = '+8675528000002';

for (const b of storeBackends()) describe(`flow held by inbound routes (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  beforeEach(async () => {
    t = await b.open();
    for (const number of [N1, N2]) await t.store.apps.addNumber({ number, appKey: 'app1', status: 'active' });
    for (const id of ['f1', 'f2']) assert.equal(await t.store.flows.create({ id, appKey: 'app1', name: id, definition: def, createdAt: 1000 }), true);
  });
  afterEach(() => t.cleanup());

  const route = (number: string, action: RouteAction, at = 2000) => t.store.inboundRoutes.put({ number, appKey: 'app1', action, createdAt: at, updatedAt: at });

  it('a flow route and a URL fallback hold the flow; a route naming another flow does not', async () => {
    assert.equal(await route(N1, { type: 'flow', flowId: 'f1' }), true);
    assert.equal(await route(N2, { type: 'url', url: 'http://127.0.0.1:9/in', timeoutMs: 3000, fallback: { type: 'flow', flowId: 'f1', flowVersion: 1 } }, 3000), true);
    const refused = await t.store.flows.delete('app1', 'f1');
    assert.deepEqual(refused, {
      deleted: false, reason: 'in_use',
      uses: [{ kind: 'inbound_route', id: N1, version: 1, since: 2000 }, { kind: 'inbound_route', id: N2, version: 1, since: 3000 }],
    });
    assert.ok(await t.store.flows.get('app1', 'f1'));
    assert.deepEqual(await t.store.flows.delete('app1', 'f2'), { deleted: true });
  });

  it('the delete goes through once no route names the flow', async () => {
    await route(N1, { type: 'flow', flowId: 'f1' });
    await route(N1, { type: 'forward', to: '+8613900000011' }, 4000);
    assert.deepEqual(await t.store.flows.delete('app1', 'f1'), { deleted: true });
  });
});
