// A URL route end to end: voxcall POSTs the call (signed) to the app's URL and does what the JSON
// answer says (a flow by id or inline, a forward, a reject, with callRelationId); the route's
// fallback when the URL times out or answers something invalid.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { admin } from '../manage/helpers.js';

const ctx = usePlatform();
const call = admin(() => ctx.t);
const NUMBER = '+8675528000001';
const CALLER = '+8613812340000';
const GOODBYE = { start: 'bye', nodes: [{ id: 'bye', type: 'say', text: 'goodbye' }] };

async function route(fallback: unknown, timeoutMs = 3000): Promise<void> {
  const app = ctx.t.platform.demo.appKey;
  const r = await call('PUT', `/v1/apps/${app}/numbers/${encodeURIComponent(NUMBER)}/inbound`, { type: 'url', url: `${ctx.rx.url}/inbound`, timeoutMs, fallback });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

async function dialIn(): Promise<{ body: any; detail: any }> {
  const placed = await call('POST', '/v1/simulator/calls', { from: CALLER, to: NUMBER });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  await ctx.t.run(120_000);
  await ctx.t.platform.engine.idle();
  const detail = (await call('GET', `/v1/calls/${encodeURIComponent(placed.body.sessionId)}`)).body;
  return { body: placed.body, detail };
}

test('setup: a stored flow and the app\'s push URLs', async () => {
  const app = ctx.t.platform.demo.appKey;
  assert.equal((await call('POST', `/v1/apps/${app}/flows`, { id: 'goodbye', flow: GOODBYE })).status, 201);
  assert.equal((await call('PATCH', `/v1/apps/${app}`, { statusUrl: `${ctx.rx.url}/status`, feeUrl: `${ctx.rx.url}/fee` })).status, 200);
});

test('the app answers an inline flow with a callRelationId: the call runs it and keeps the id', async () => {
  await route({ type: 'reject', reason: 'fallback' });
  ctx.rx.respond((req) => (req.path === '/inbound'
    ? { status: 200, body: JSON.stringify({ type: 'flow', flow: GOODBYE, callRelationId: 'order-42' }) }
    : { status: 200, body: '{"resultcode":"0"}' }));
  const { body, detail } = await dialIn();
  assert.equal(body.accepted, true);
  const asked = ctx.rx.on('/inbound').at(-1)!;
  assert.deepEqual({ ...asked.body, at: undefined }, { callId: body.sessionId, caller: CALLER, called: NUMBER, appKey: ctx.t.platform.demo.appKey, at: undefined });
  assert.match(String(asked.headers['x-aksk']), new RegExp(`^UsernameToken Username="${ctx.t.platform.demo.appKey}"`));
  assert.equal(detail.call.outcome, 'answered');
  assert.equal(detail.record.callRelationId, 'order-42');
  assert.equal(detail.userData, 'order-42');
  assert.deepEqual(detail.record.dialog.steps.map((s: any) => s.node), ['bye']);
  assert.equal(detail.record.dialog.flowId, 'inline');
});

test('the app answers a stored flow id, a forward, a reject', async () => {
  await route({ type: 'reject', reason: 'fallback' });
  ctx.rx.respond((req) => (req.path === '/inbound' ? { status: 200, body: JSON.stringify({ type: 'flow', flowId: 'goodbye' }) } : { status: 200, body: '{}' }));
  assert.equal((await dialIn()).detail.record.dialog.flowId, 'goodbye');

  ctx.rx.respond((req) => (req.path === '/inbound' ? { status: 200, body: JSON.stringify({ type: 'forward', to: '+8613900000001' }) } : { status: 200, body: '{}' }));
  const fwd = (await dialIn()).detail;
  assert.deepEqual(fwd.legs.map((l: any) => l.leg), ['A', 'B']);
  assert.equal(fwd.record.fwdDstNum, '+8613900000001');
  assert.equal(fwd.record.fwdDisplayNum, CALLER);

  ctx.rx.respond((req) => (req.path === '/inbound' ? { status: 200, body: JSON.stringify({ type: 'reject', reason: 'closed today' }) } : { status: 200, body: '{}' }));
  const rej = await dialIn();
  assert.deepEqual([rej.body.accepted, rej.body.q850], [false, 21]);
  assert.deepEqual(rej.detail.record.refusal, { q850: 21, reason: 'app_rejected', detail: 'closed today' });
});

test('an invalid answer, or none within the timeout, takes the fallback', async () => {
  await route({ type: 'flow', flowId: 'goodbye' }, 300);
  for (const bad of ['not json', JSON.stringify({ type: 'forward' }), JSON.stringify({ type: 'flow', flowId: 'nope' }), JSON.stringify({ type: 'flow', flow: { start: 'x', nodes: [] } })]) {
    ctx.rx.respond((req) => (req.path === '/inbound' ? { status: 200, body: bad } : { status: 200, body: '{}' }));
    const { body, detail } = await dialIn();
    assert.equal(body.accepted, true, bad);
    assert.equal(detail.record.dialog.flowId, 'goodbye', bad);
  }
  // Never answers while the call is routed: released once the test has seen the fallback.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => { release = r; });
  ctx.rx.respond(async (req) => {
    if (req.path === '/inbound') await held;
    return { status: 200, body: '{}' };
  });
  const { body, detail } = await dialIn();
  release();
  assert.equal(body.accepted, true);
  assert.equal(detail.record.dialog.flowId, 'goodbye');
  const stored = await ctx.t.platform.store.calls.get(body.sessionId);
  assert.equal(stored?.call.plan.kind === 'inbound' ? stored.call.plan.fallbackReason : undefined, 'no answer within 300 ms');
});
