// A privacy call whose callee never answers, end to end on the simulated network (issue 11;
// docs/privacy-numbers.md, "Calls"): the platform answers the caller at once, B is busy, and every
// record reports B's leg: outcome busy, vsp callResult 5 with no answer time, robot no time_answer.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privacyRig } from './call-rig.js';

const rig = privacyRig();
const { ctx } = rig;
const X = '+8675528000111';
const A = '+8613100001111';
/** The simulated network's busy number (docs/network.md): refused at 1 s, Q.850 17, SIP 486. */
const BUSY = '+8613900000002';

const national = (n: string) => n.slice(3);

test('A calls X, B is busy: outcome busy, vsp CDR callResult 5 without answer time, robot record without answer time', async () => {
  await rig.setup();
  const robotSub = await rig.manage('POST', `/v1/apps/${rig.appKey()}/subscriptions`, { url: `${ctx.rx.url}/robot`, format: 'robot' });
  assert.equal(robotSub.status, 201, JSON.stringify(robotSub.body));
  ctx.rx.respond((req) => ({ status: 200, body: req.path === '/robot' ? 'success' : '{"resultcode":"0"}' }));
  await rig.pool('NPB', [X]);
  const binding = await rig.bind({ numberPoolNo: 'NPB', phoneNoX: X, phoneNoA: A, phoneNoB: BUSY });

  const placed = await rig.dial(A, X, { hangupAfterS: 100 });
  assert.equal(placed.accepted, true, JSON.stringify(placed));
  const sid = placed.sessionId;
  // callin, B's callout, the disconnect, and the CDR.
  await rig.settle(sid, 4);
  await ctx.rx.until((all) => all.some((p) => p.path === '/vsp' && p.body?.callId === sid && p.body.eventType === undefined));

  const d = await rig.detail(sid);
  assert.deepEqual([d.legs[1].number, d.legs[1].q850, d.legs[1].sipStatus, d.legs[1].answerAt], [BUSY, 17, 486, undefined]);
  assert.deepEqual([d.call.outcome, d.call.stateCode, d.call.talkSeconds, d.hangup.partyType], ['busy', 8102, 0, 'callee']);

  const stored = (await ctx.t.platform.store.calls.get(sid))!;
  const r = stored.record!;
  const cdr = rig.ofCall('/vsp', sid).map((p) => p.body).find((b) => b.eventType === undefined);
  assert.deepEqual({
    callResult: cdr.callResult, callDuration: cdr.callDuration, startTime: cdr.startTime, ringTime: cdr.ringTime, beginCallTime: cdr.beginCallTime,
    endTime: cdr.endTime, caller: cdr.caller, callee: cdr.callee, releaseType: cdr.releaseType, serviceType: cdr.serviceType,
    secretCallType: cdr.secretCallType, cdrType: cdr.cdrType, subscriptionId: cdr.subscriptionId,
  }, {
    callResult: 5, callDuration: 0, startTime: 0, ringTime: 0, beginCallTime: r.legB!.startAt,
    endTime: r.callEndAt, caller: national(A), callee: national(BUSY), releaseType: 2, serviceType: 200,
    secretCallType: 10, cdrType: 3, subscriptionId: binding.subscriptionId,
  });

  await ctx.rx.until((all) => all.some((p) => p.path === '/robot' && JSON.stringify(p.body).includes(sid)));
  const rec = rig.ofCall('/robot', sid)[0]!.body;
  assert.deepEqual([rec.direction, rec.robot_id, rec.callee, rec.time_answer, rec.duration_call, rec.time_hangup], [1, '', national(BUSY), 0, 0, r.callEndAt]);
  for (const k of ['task_result', 'time_dial', 'time_ring']) assert.equal(k in rec, false, k);
});
