// A privacy number's binding over time, end to end on the simulated network: a binding counts when
// a call arrives, and only then (docs/privacy-numbers.md, "Calls"). Expired while idle, the next
// call is refused (Q.850 1, privacy_no_binding); expired or unbound during a call, the call goes on;
// unbound, the next call is refused. An AX binding: A's call reaches the callee the app's URL names
// (its request carries the binding), anyone else's reaches A.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privacyRig } from './call-rig.js';

const rig = privacyRig();
const { ctx, wall } = rig;
const [X3, X4, X5, X6] = ['+8675528000103', '+8675528000104', '+8675528000105', '+8675528000106'];
const A = '+8613100001111';
const B = '+8613100002222';
const NEVER_HANGS_UP = '+8613900000009';
const C = '+8613100006666';
const D = '+8613100007777';
const national = (n: string) => (/^\+861\d{10}$/.test(n) ? n.slice(3) : `0${n.slice(3)}`);
const iso = (ms: number) => new Date(ms).toISOString();

test('setup: the app\'s push URLs, a vsp subscription, pool NP2 of four Xs', async () => {
  await rig.setup();
  await rig.pool('NP2', [X3, X4, X5, X6]);
});

async function refusedNoBinding(from: string, x: string): Promise<void> {
  const placed = await rig.dial(from, x);
  assert.deepEqual([placed.accepted, placed.q850], [false, 1]);
  const d = await rig.detail(placed.sessionId);
  assert.deepEqual(d.record.refusal, { q850: 1, reason: 'privacy_no_binding' });
  // Not pushed: nobody's binding refused it, as a number without a route.
  await ctx.t.run(2_000);
  assert.equal(rig.ofCall('/vsp', placed.sessionId).length + rig.ofCall('/status', placed.sessionId).length, 0);
}

test('expiry while idle: the binding\'s call goes through before, the next call is refused after (1), unswept or not', async () => {
  const b = await rig.bind({ numberPoolNo: 'NP2', phoneNoX: X3, phoneNoA: A, phoneNoB: B, expireAt: iso(wall.now() + 60_000) });
  const before = await rig.dial(A, X3);
  assert.equal(before.accepted, true);
  await rig.settle(before.sessionId, 6);
  await wall.advance(61_000);
  await refusedNoBinding(A, X3);
  await refusedNoBinding(B, X3);
  assert.equal((await rig.api('GET', `/rest/voxcall/v1/bindings/${b.subscriptionId}`)).body.binding.state, 'expired');
});

test('expiry during a call: the call goes on to its end; a new call is refused', async () => {
  await rig.bind({ numberPoolNo: 'NP2', phoneNoX: X4, phoneNoA: A, phoneNoB: NEVER_HANGS_UP, expireAt: iso(wall.now() + 60_000) });
  const placed = await rig.dial(A, X4, { hangupAfterS: 100 });
  assert.equal(placed.accepted, true);
  await ctx.t.run(30_000);
  assert.equal((await rig.detail(placed.sessionId)).call.state, 'active');
  await wall.advance(61_000);
  await refusedNoBinding(A, X4);
  await ctx.t.run(30_000);
  assert.equal((await rig.detail(placed.sessionId)).call.state, 'active');
  await rig.settle(placed.sessionId, 6, 60_000);
  const d = await rig.detail(placed.sessionId);
  // A hung up 100 s after its answer: the whole talk, past the expiry. The talk is B's (from B's
  // answer), the CDR's duration from B's dial (docs/push-formats.md, "Which leg a record describes").
  const r = d.record;
  assert.equal(r.callEndAt - r.legA.answerAt, 100_000);
  assert.deepEqual([d.call.outcome, d.hangup.partyType, d.call.talkSeconds], ['answered', 'caller', (r.callEndAt - r.legB.answerAt) / 1000]);
  const cdr = rig.ofCall('/vsp', placed.sessionId).map((p) => p.body).find((b) => b.eventType === undefined);
  assert.deepEqual([cdr.serviceType, cdr.secretCallType, cdr.phoneNoB, cdr.callDuration], [200, 10, national(NEVER_HANGS_UP), Math.round((r.callEndAt - r.legB.startAt) / 1000)]);
  assert.ok(cdr.callDuration > 90);
});

test('unbind during a call: the call goes on; unbound, the next call is refused', async () => {
  const b = await rig.bind({ numberPoolNo: 'NP2', phoneNoX: X5, phoneNoA: A, phoneNoB: NEVER_HANGS_UP });
  const placed = await rig.dial(A, X5, { hangupAfterS: 50 });
  assert.equal(placed.accepted, true);
  await ctx.t.run(10_000);
  assert.equal((await rig.api('DELETE', `/rest/voxcall/v1/bindings/${b.subscriptionId}`)).body.binding.state, 'unbound');
  await rig.settle(placed.sessionId, 6, 60_000);
  const d = await rig.detail(placed.sessionId);
  const r = d.record;
  assert.equal(r.callEndAt - r.legA.answerAt, 50_000);
  assert.deepEqual([d.call.outcome, d.hangup.partyType, d.call.talkSeconds], ['answered', 'caller', (r.callEndAt - r.legB.answerAt) / 1000]);
  await refusedNoBinding(A, X5);
});

test('AX: A\'s call reaches the callee the app\'s URL names; another number\'s call reaches A', async () => {
  const b = await rig.bind({ numberPoolNo: 'NP2', bindType: 'AX', phoneNoX: X6, phoneNoA: A, userData: 'rider-7' });
  const route = await rig.manage('PUT', `/v1/apps/${rig.appKey()}/numbers/${encodeURIComponent(X6)}/inbound`, { type: 'url', url: `${ctx.rx.url}/inbound`, fallback: { type: 'reject', reason: 'no callee' } });
  assert.equal(route.status, 200, JSON.stringify(route.body));
  ctx.rx.respond((req) => (req.path === '/inbound'
    ? { status: 200, body: JSON.stringify({ type: 'forward', to: C, callRelationId: 'trip-42' }) }
    : { status: 200, body: '{"resultcode":"0"}' }));

  const out = await rig.dial(A, X6);
  assert.equal(out.accepted, true, JSON.stringify(out));
  await rig.settle(out.sessionId, 6);
  const asked = ctx.rx.on('/inbound').at(-1)!;
  assert.deepEqual({ ...asked.body, at: undefined }, {
    callId: out.sessionId, caller: A, called: X6, appKey: rig.appKey(), at: undefined,
    privacy: { subscriptionId: b.subscriptionId, numberPoolNo: 'NP2', bindType: 'AX', phoneNoX: X6, phoneNoA: A, secretCallType: 21, userData: 'rider-7' },
  });
  const d = await rig.detail(out.sessionId);
  assert.deepEqual(d.legs.map((l: any) => [l.leg, l.number, l.shown]), [['A', X6, A], ['B', C, X6]]);
  assert.equal(d.record.callRelationId, 'trip-42');
  const cdr = rig.ofCall('/vsp', out.sessionId).map((p) => p.body).find((x) => x.eventType === undefined);
  assert.deepEqual([cdr.subServiceType, cdr.secretCallType, cdr.caller, cdr.callee, cdr.phoneNoA, cdr.phoneNoB, cdr.subscriptionId, cdr.userData],
    [202, 21, national(A), national(C), national(A), national(C), b.subscriptionId, 'rider-7']);

  const asks = ctx.rx.on('/inbound').length;
  const inCall = await rig.dial(D, X6);
  assert.equal(inCall.accepted, true);
  await rig.settle(inCall.sessionId, 6);
  // Another number reaches A without asking the app (20).
  assert.equal(ctx.rx.on('/inbound').length, asks);
  const d2 = await rig.detail(inCall.sessionId);
  assert.deepEqual(d2.legs.map((l: any) => [l.leg, l.number, l.shown]), [['A', X6, D], ['B', A, X6]]);
  const cdr2 = rig.ofCall('/vsp', inCall.sessionId).map((p) => p.body).find((x) => x.eventType === undefined);
  assert.deepEqual([cdr2.secretCallType, cdr2.caller, cdr2.callee, cdr2.phoneNoA, cdr2.phoneNoB], [20, national(D), national(A), national(A), national(D)]);

  // An answer that sets what the binding decides is invalid: the route's fallback (a reject) refuses the call.
  ctx.rx.respond((req) => (req.path === '/inbound' ? { status: 200, body: JSON.stringify({ type: 'forward', to: C, record: true }) } : { status: 200, body: '{}' }));
  const bad = await rig.dial(A, X6);
  assert.deepEqual([bad.accepted, bad.q850], [false, 21]);
  const d3 = await rig.detail(bad.sessionId);
  assert.deepEqual(d3.record.refusal, { q850: 21, reason: 'app_rejected', detail: 'no callee' });

  // No route on X to name the callee: refused (1, privacy_no_callee); anyone else still reaches A.
  assert.equal((await rig.manage('DELETE', `/v1/apps/${rig.appKey()}/numbers/${encodeURIComponent(X6)}/inbound`)).status, 204);
  const none = await rig.dial(A, X6);
  assert.deepEqual([none.accepted, none.q850], [false, 1]);
  assert.equal((await rig.detail(none.sessionId)).record.refusal.reason, 'privacy_no_callee');
  assert.equal((await rig.dial(D, X6)).accepted, true);
  await ctx.t.run(60_000);
});
