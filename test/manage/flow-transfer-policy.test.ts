// A flow call's transfers are checked like its callee: a number on a callee blacklist, or abroad
// when the app may not call abroad, refuses the call before it is placed, whether the flow names
// the number or takes it from a variable (every transfer number is known when the call is placed).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { admin } from './helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const app = () => ctx.t.platform.demo.appKey;
const flow = (to: string) => ({
  start: 'ask',
  nodes: [
    { id: 'ask', type: 'gather', prompt: [{ say: 'Press 1 for an agent.' }], maxDigits: 1, branches: { '1': 'agent' }, default: 'bye' },
    { id: 'agent', type: 'transfer', to },
    { id: 'bye', type: 'hangup' },
  ],
});

test('a transfer number on the callee blacklist, or abroad, refuses the flow call', async () => {
  assert.equal((await call('POST', `/v1/apps/${app()}/flows`, { id: 'by-var', flow: flow('${agent}') })).status, 201);
  assert.equal((await call('POST', `/v1/apps/${app()}/flows`, { id: 'abroad', flow: flow('+442079460000') })).status, 201);
  assert.equal((await call('PUT', `/v1/apps/${app()}/lists/calleeBlacklist/+8613800000666`)).status, 201);

  const blocked = await call('POST', `/v1/apps/${app()}/calls`, { kind: 'flow', flow: 'by-var', callee: '+8613900000001', variables: { agent: '+8613800000666' } });
  assert.equal(blocked.status, 403, JSON.stringify(blocked.body));
  assert.match(blocked.body.error.message, /\+8613800000666 is on a callee blacklist \(flow node "agent" transfers to it\)/);
  const fine = await call('POST', `/v1/apps/${app()}/calls`, { kind: 'flow', flow: 'by-var', callee: '+8613900000001', variables: { agent: '+8613800000667' } });
  assert.equal(fine.status, 201, JSON.stringify(fine.body));

  const allowed = await call('POST', `/v1/apps/${app()}/calls`, { kind: 'flow', flow: 'abroad', callee: '+8613900000002' });
  assert.equal(allowed.status, 201, 'calling abroad is allowed by default');
  assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { internationalCallout: false })).status, 200);
  const abroad = await call('POST', `/v1/apps/${app()}/calls`, { kind: 'flow', flow: 'abroad', callee: '+8613900000003' });
  assert.equal(abroad.status, 403, JSON.stringify(abroad.body));
  assert.match(abroad.body.error.message, /flow node "agent" transfers to \+442079460000/);
});

test('the callee frequency limit counts a transfer number read from a variable, with the callee\'s own counter; a number the flow names is not counted', async () => {
  assert.equal((await call('POST', `/v1/apps/${app()}/flows`, { id: 'desk', flow: flow('+8613800000700') })).status, 201);
  assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { calleeFrequency: { max: 1, windowS: 3600 } })).status, 200);
  try {
    const place = (flowId: string, callee: string, agent?: string) =>
      call('POST', `/v1/apps/${app()}/calls`, { kind: 'flow', flow: flowId, callee, ...(agent ? { variables: { agent } } : {}) });
    assert.equal((await place('by-var', '+8613900000101', '+8613800000701')).status, 201);
    // The same agent number from another callee's variables: its counter is full.
    const again = await place('by-var', '+8613900000102', '+8613800000701');
    assert.equal(again.status, 403, JSON.stringify(again.body));
    assert.match(again.body.error.message, /transfer number \(flow node "agent"\) \+8613800000701: at most 1 calls per 3600 s/);
    // A number reached as a transfer target and then called as a callee shares one counter.
    const asCallee = await place('by-var', '+8613800000701', '+8613800000702');
    assert.equal(asCallee.status, 403, JSON.stringify(asCallee.body));
    assert.match(asCallee.body.error.message, /callee \+8613800000701/);
    // A callee who is also its own transfer number counts once.
    assert.equal((await place('by-var', '+8613900000103', '+8613900000103')).status, 201);
    // The flow's own desk number: any number of calls may transfer to it.
    assert.equal((await place('desk', '+8613900000104')).status, 201);
    assert.equal((await place('desk', '+8613900000105')).status, 201);
  } finally {
    assert.equal((await call('PATCH', `/v1/apps/${app()}/limits`, { calleeFrequency: null })).status, 200);
  }
});
