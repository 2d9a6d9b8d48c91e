// A privacy call is admitted by the call policy like any inbound call (docs/policy.md, "Inbound
// calls"): the binding's callee is a number the call dials out to, so a callee blacklist refuses
// A's call to a blacklisted B (Q.850 21, `policy`, recorded with the binding's facts), while B, as
// a caller, still reaches A.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privacyRig } from './call-rig.js';

const rig = privacyRig();
const { ctx } = rig;
const X = '+8675528000107';
const A = '+8613100008888';
const B = '+8613900000012';

test('A calls X, B on the app\'s callee blacklist: refused (21, 1013004) and recorded; B calling A is not refused', async () => {
  await rig.setup();
  await rig.pool('NP3', [X]);
  const binding = await rig.bind({ numberPoolNo: 'NP3', phoneNoX: X, phoneNoA: A, phoneNoB: B });
  assert.equal((await rig.manage('PUT', `/v1/apps/${rig.appKey()}/lists/calleeBlacklist/${encodeURIComponent(B)}`)).status, 201);

  const out = await rig.dial(A, X);
  assert.deepEqual([out.accepted, out.q850], [false, 21]);
  const d = await rig.detail(out.sessionId);
  assert.deepEqual([d.call.kind, d.call.outcome, d.record.refusal.reason], ['inbound', 'rejected', 'policy']);
  assert.equal(d.record.refusal.detail, `1013004 calleeBlacklisted: ${B} is on a callee blacklist (flow node "privacy" transfers to it)`);
  assert.equal(d.legs.filter((l: any) => l.leg === 'B').length, 0, 'B was never called');
  const stored = (await ctx.t.platform.store.calls.get(out.sessionId))?.call.privacy;
  assert.deepEqual([stored?.subscriptionId, stored?.a, stored?.b], [binding.subscriptionId, A, B]);

  const back = await rig.dial(B, X);
  assert.equal(back.accepted, true, JSON.stringify(back));
  await rig.settle(back.sessionId, 1);
  const d2 = await rig.detail(back.sessionId);
  assert.deepEqual(d2.legs.map((l: any) => [l.leg, l.number]), [['A', X], ['B', A]]);
});
