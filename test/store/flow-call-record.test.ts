// A flow call and its record with the walk (`dialog`) on each backend (backends.ts): the plan (with
// its definition and variables) and the dialog come back as stored and the call lists under `flow`.
// Records and calls are stored as JSON: no migration.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CallDialog, FlowPlan } from '../../src/domain/call.js';
import { storeBackends, type TempStore } from './backends.js';
import { call, record, T0 } from './fixtures.js';

const SID = '1202_9_7_20260101000000@test';
const plan: FlowPlan = {
  kind: 'flow', displayNbr: '+8610', calleeNbr: '+8650', flowId: 'parcel', flowVersion: 2,
  definition: { start: 'm', nodes: [{ id: 'm', type: 'gather', branches: { '1': 'ok' } }, { id: 'ok', type: 'set', tag: '确认' }] },
  variables: { 姓名: '王芳' },
};
const dialog: CallDialog = {
  flowId: 'parcel', flowVersion: 2, tag: '确认', variables: { slot: 'morning' }, end: 'end',
  steps: [{ node: 'm', type: 'gather', at: T0 + 2000, digits: '1' }, { node: 'ok', type: 'set', at: T0 + 3000, redirectedFrom: 'x' }],
};

for (const b of storeBackends()) describe(`calls: a flow call's plan and dialog (${b.name})`, { skip: b.skip }, () => {
  let t: TempStore;
  before(async () => {
    t = await b.open();
    await t.store.calls.create(call(SID, { plan, createdAt: T0 }));
    await t.store.calls.finish(record(SID, { kind: 'notify', dialog }), undefined, []);
  });
  after(() => t.cleanup());

  it('keeps the plan and the dialog as they were written', async () => {
    const got = await t.store.calls.get(SID);
    assert.deepEqual(got?.call.plan, plan);
    assert.deepEqual(got?.record?.dialog, dialog);
  });

  it('lists the call under its plan kind, flow', async () => {
    assert.deepEqual((await t.store.calls.list({ kind: 'flow' }, undefined, 10)).map((c) => c.call.sessionId), [SID]);
    assert.deepEqual(await t.store.calls.list({ kind: 'notify' }, undefined, 10), []);
  });
});
