// Inbound calls the platform refuses (docs/inbound.md, "Refusals"): each with its Q.850 cause,
// recorded as an inbound call (direction 1, its refusal) that the calls API lists, and logged.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_SUSPENDED_NUMBER } from '../../src/platform/seed.js';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const CALLER = '+8613811112222';

async function dialIn(from: string, to: string): Promise<{ q850: number; sessionId: string; record: any; appKey: string }> {
  const placed = await call('POST', '/v1/simulator/calls', { from, to });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  assert.equal(placed.body.accepted, false, JSON.stringify(placed.body));
  const shown = await call('GET', `/v1/calls/${encodeURIComponent(placed.body.sessionId)}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.call.kind, 'inbound');
  assert.equal(shown.body.call.state, 'ended');
  assert.equal(shown.body.call.outcome, 'rejected');
  assert.equal(shown.body.record.direction, 1);
  assert.equal(shown.body.record.refusal.q850, placed.body.q850);
  return { q850: placed.body.q850, sessionId: placed.body.sessionId, record: shown.body.record, appKey: shown.body.call.appKey };
}

test('a number no app owns: 1 (unallocated), recorded under no app', async () => {
  const r = await dialIn(CALLER, '+8675599990000');
  assert.equal(r.q850, 1);
  assert.equal(r.record.refusal.reason, 'unknown_number');
  assert.equal(r.appKey, '');
  assert.equal(r.record.bindNum, '+8675599990000');
  assert.equal(r.record.callerNum, CALLER);
  assert.equal(r.record.sipStatusCode, 404);
});

test('an app number without a route: 1; a suspended number: 21', async () => {
  const app = ctx.t.platform.demo.appKey;
  const noRoute = await dialIn(CALLER, '+8675528000002');
  assert.deepEqual([noRoute.q850, noRoute.record.refusal.reason, noRoute.appKey], [1, 'no_route', app]);
  const suspended = await dialIn(CALLER, DEMO_SUSPENDED_NUMBER);
  assert.deepEqual([suspended.q850, suspended.record.refusal.reason, suspended.record.sipStatusCode], [21, 'number_suspended', 403]);
});

test('a blacklisted caller: 21, even on a number with a route', async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.equal((await call('PUT', `/v1/apps/${app}/numbers/${encodeURIComponent('+8675528000003')}/inbound`, { type: 'forward', to: '+8613900000001' })).status, 200);
  const listed = await call('PUT', `/v1/apps/${app}/lists/callerBlacklist/${encodeURIComponent('+8613899990000')}`);
  assert.equal(listed.status, 201, JSON.stringify(listed.body));
  const r = await dialIn('+8613899990000', '+8675528000003');
  assert.deepEqual([r.q850, r.record.refusal.reason], [21, 'caller_blacklisted']);
});

test('a suspended app: 21; refusals are listed by the calls API', async () => {
  const created = await call('POST', '/v1/apps', { name: 'sleepy', spId: 'sp-sleepy' });
  const key = created.body.appKey as string;
  assert.equal((await call('POST', `/v1/apps/${key}/numbers`, { number: '+8675528000055' })).status, 201);
  assert.equal((await call('PUT', `/v1/apps/${key}/numbers/${encodeURIComponent('+8675528000055')}/inbound`, { type: 'forward', to: '+8613900000001' })).status, 200);
  assert.equal((await call('POST', `/v1/apps/${key}/suspend`)).status, 200);
  const r = await dialIn(CALLER, '+8675528000055');
  assert.deepEqual([r.q850, r.record.refusal.reason], [21, 'app_suspended']);
  const listed = await call('GET', `/v1/calls?kind=inbound&appKey=${key}`);
  assert.deepEqual(listed.body.calls.map((c: any) => [c.sessionId, c.outcome]), [[r.sessionId, 'rejected']]);
});

test('an app whose ports are all in use: 34; the call in progress is untouched', async () => {
  const created = await call('POST', '/v1/apps', { name: 'one-port', spId: 'sp-one', portQuota: 1 });
  const key = created.body.appKey as string;
  assert.equal((await call('POST', `/v1/apps/${key}/numbers`, { number: '+8675528000066' })).status, 201);
  const flow = { start: 'hold', nodes: [{ id: 'hold', type: 'gather', timeout: 60, default: 'hold' }] };
  assert.equal((await call('POST', `/v1/apps/${key}/flows`, { id: 'hold', flow })).status, 201);
  assert.equal((await call('PUT', `/v1/apps/${key}/numbers/${encodeURIComponent('+8675528000066')}/inbound`, { type: 'flow', flowId: 'hold' })).status, 200);
  const first = await call('POST', '/v1/simulator/calls', { from: CALLER, to: '+8675528000066' });
  assert.equal(first.body.accepted, true, JSON.stringify(first.body));
  const r = await dialIn('+8613811113333', '+8675528000066');
  assert.deepEqual([r.q850, r.record.refusal.reason, r.record.sipStatusCode], [34, 'ports', 503]);
  assert.equal((await call('GET', `/v1/calls/${encodeURIComponent(first.body.sessionId)}`)).body.call.state, 'active');
  assert.equal((await call('POST', `/v1/calls/${encodeURIComponent(first.body.sessionId)}/stop`)).status, 202);
  await ctx.t.run(1000);
  await ctx.t.platform.engine.idle();
});
