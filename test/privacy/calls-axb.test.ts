// Calls through a privacy number end to end on the simulated network (docs/privacy-numbers.md,
// "Calls"): an AXB binding, A calls X and reaches B shown X, B calls X and reaches A, each vsp push
// checked field by field against voice-service-push-system.md, the Huawei pushes with what fits;
// the binding's recording downloadable and its maximum duration ending the call (shown the
// caller's real number, callDisplayType 2); a third number refused, recorded and pushed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { privacyRig } from './call-rig.js';
import { VSP_CDR_EXAMPLE, VSP_STATUS_EXAMPLE } from '../dialects/examples.js';

const rig = privacyRig();
const { ctx } = rig;
const X = '+8675528000101';
const X2 = '+8675528000102';
const A = '+8613100001111';
const B = '+8613100002222';
const A2 = '+8613100005555';
const NEVER_HANGS_UP = '+8613900000009';
const THIRD = '+8613100004444';
const USER_DATA = '{"orderId":"123456"}';

let sub = '';

test('setup: the app\'s push URLs, a vsp and a robot subscription, pool NP1 of two Xs, an AXB binding (recorded, with userData)', async () => {
  await rig.setup();
  const robot = await rig.manage('POST', `/v1/apps/${rig.appKey()}/subscriptions`, { url: `${ctx.rx.url}/robot`, format: 'robot' });
  assert.equal(robot.status, 201, JSON.stringify(robot.body));
  ctx.rx.respond((req) => ({ status: 200, body: req.path === '/robot' ? 'success' : '{"resultcode":"0"}' }));
  await rig.pool('NP1', [X, X2]);
  const b = await rig.bind({ numberPoolNo: 'NP1', phoneNoX: X, phoneNoA: A, phoneNoB: B, recordFlag: true, userData: USER_DATA });
  sub = b.subscriptionId;
});

const national = (n: string) => (/^\+861\d{10}$/.test(n) ? n.slice(3) : `0${n.slice(3)}`);
const sec = (ms: number) => String(Math.floor(ms / 1000));
const STATUS_KEYS = Object.keys(JSON.parse(VSP_STATUS_EXAMPLE) as object);
const CDR_KEYS = Object.keys(JSON.parse(VSP_CDR_EXAMPLE) as object);

/** The vsp pushes of a call: its status pushes, in order, and its CDR; every one has the document's fields in its order. */
function vspOf(sessionId: string): { status: any[]; cdr: any } {
  const all = rig.ofCall('/vsp', sessionId).map((p) => p.body);
  const status = all.filter((b) => b.eventType !== undefined);
  const cdrs = all.filter((b) => b.eventType === undefined);
  assert.equal(cdrs.length, 1);
  for (const s of status) assert.deepEqual(Object.keys(s), STATUS_KEYS);
  assert.deepEqual(Object.keys(cdrs[0]), CDR_KEYS);
  return { status, cdr: cdrs[0] };
}

test('A calls X: B is called showing X; every vsp push field by field; the Huawei pushes; the recording downloadable', async () => {
  const placed = await rig.dial(A, X);
  assert.equal(placed.accepted, true, JSON.stringify(placed));
  const sid = placed.sessionId;
  await rig.settle(sid, 6);
  const d = await rig.detail(sid);
  assert.equal(d.call.kind, 'inbound');
  assert.equal(d.call.outcome, 'answered');
  assert.deepEqual(d.legs.map((l: any) => [l.leg, l.number, l.shown]), [['A', X, A], ['B', B, X]]);
  assert.deepEqual(d.privacy, { kind: 'AXB', poolId: 'NP1', subscriptionId: sub, x: X, a: A, b: B, secretCallType: 10, displayType: 1, userData: USER_DATA });
  assert.equal(d.record.callRelationId, sub);
  assert.deepEqual([d.record.direction, d.record.fwdDstNum, d.record.fwdDisplayNum], [1, B, X]);
  // Listed by the calls API among the app's inbound calls to X.
  const listed = await rig.manage('GET', `/v1/calls?kind=inbound&number=${encodeURIComponent(X)}`);
  assert.ok(listed.body.calls.some((c: any) => c.sessionId === sid));

  const stored = (await ctx.t.platform.store.calls.get(sid))!;
  const ev = (type: string, leg: string) => stored.events.find((e) => e.type === type && e.leg === leg)!.at;
  const arrived = stored.call.createdAt;
  const ended = stored.record!.callEndAt;
  const { status, cdr } = vspOf(sid);
  const base = {
    accountId: stored.call.spId, callId: sid, serviceType: 200, caller: national(A), callee: national(B), allEventType: [6, 1, 2, 3, 4],
    messageType: 1, phoneNoX: national(X), phoneNoA: national(A), phoneNoB: national(B), subscriptionId: sub, userData: USER_DATA,
  };
  assert.deepEqual(status, [
    { ...base, eventTime: sec(ev('answer', 'A')), eventType: 6, party: 1 },
    { ...base, eventTime: sec(ev('callout', 'B')), eventType: 1, party: 2 },
    { ...base, eventTime: sec(ev('alerting', 'B')), eventType: 2, party: 2 },
    { ...base, eventTime: sec(ev('answer', 'B')), eventType: 3, party: 2 },
    { ...base, eventTime: sec(ev('disconnect', 'B')), eventType: 4, party: 2 },
  ]);
  assert.deepEqual(cdr, {
    accountId: stored.call.spId, callId: sid, serviceType: 200, subServiceType: 201, numberPoolNo: 'NP1',
    caller: national(A), callerCountryIsoCode: 'CN', callerProvinceCode: '', callerCityCode: '',
    callee: national(B), calleeCountryIsoCode: 'CN', calleeProvinceCode: '', calleeCityCode: '',
    // B's leg (docs/push-formats.md, "Which leg a record describes"): dialled as the call to X was
    // answered, rang, answered at 3 s, and talked 30 s; not A's leg, which the platform answered at once.
    beginCallTime: ev('callout', 'B'), ringTime: ev('alerting', 'B'), startTime: ev('answer', 'B'), endTime: ended, releaseType: 2,
    callDuration: Math.round((ended - ev('callout', 'B')) / 1000), callResult: 1,
    audioRecordFlag: 1, cdrCreateTime: ended, subscriptionId: sub, phoneNoX: national(X), phoneNoA: national(A), phoneNoB: national(B),
    secretCallType: 10, messageType: 1, callDisplayType: 1, cdrType: 3, userData: USER_DATA,
  });
  assert.equal(ended - arrived, 33_000);
  assert.deepEqual([ev('callout', 'B') - arrived, ev('answer', 'B') - arrived, cdr.callDuration], [0, 3000, 33]);

  // Huawei: the caller's leg (A called X), then B's leg as a callback's B (shown X); the fee's bindNum X.
  const huawei = rig.ofCall('/status', sid).map((p) => [p.body.eventType, p.body.statusInfo.caller, p.body.statusInfo.called, p.body.statusInfo.userData]);
  assert.deepEqual(huawei, [['answer', A, X, USER_DATA], ['callout', X, B, USER_DATA], ['alerting', X, B, USER_DATA], ['answer', X, B, USER_DATA], ['disconnect', X, B, USER_DATA]]);
  const fee = rig.ofCall('/fee', sid).flatMap((p) => p.body.feeLst).find((f: any) => f.sessionId === sid);
  assert.deepEqual([fee.direction, fee.bindNum, fee.callerNum, fee.calleeNum, fee.fwdDisplayNum, fee.fwdDstNum, fee.recordFlag, fee.userData], [1, X, A, X, X, B, 1, USER_DATA]);

  // robot: an inbound call's record, its call_relation_id the binding's subscriptionId; no privacy fields to carry.
  await ctx.rx.until((all) => all.some((p) => p.path === '/robot' && JSON.stringify(p.body).includes(sid)));
  const robot = JSON.stringify(rig.ofCall('/robot', sid)[0]!.body);
  assert.match(robot, /"direction":1/);
  assert.match(robot, new RegExp(`"call_relation_id":"${sub}"`));

  // The binding's recordFlag: recorded, downloadable by the calls API's link (the recording API's) and the fee's.
  assert.ok(d.recording, 'recorded');
  assert.equal(fee.recordObjectName, d.recording.objectName);
  for (const link of [String(d.recording.link), String(fee.recordFileDownloadUrl)]) {
    const res = await request(link.startsWith('/') ? ctx.t.platform.url + link : link);
    const wav = Buffer.from(await res.body.arrayBuffer());
    assert.equal(res.statusCode, 200);
    assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
  }
});

test('B calls X: A is called showing X (secretCallType 11)', async () => {
  const placed = await rig.dial(B, X);
  assert.equal(placed.accepted, true);
  const sid = placed.sessionId;
  await rig.settle(sid, 6);
  const d = await rig.detail(sid);
  assert.deepEqual(d.legs.map((l: any) => [l.leg, l.number, l.shown]), [['A', X, B], ['B', A, X]]);
  const { status, cdr } = vspOf(sid);
  for (const s of status) {
    assert.deepEqual([s.serviceType, s.caller, s.callee, s.phoneNoX, s.phoneNoA, s.phoneNoB, s.subscriptionId, s.userData, s.allEventType],
      [200, national(B), national(A), national(X), national(A), national(B), sub, USER_DATA, [6, 1, 2, 3, 4]]);
  }
  assert.deepEqual(status.map((s) => [s.eventType, s.party]), [[6, 1], [1, 2], [2, 2], [3, 2], [4, 2]]);
  const stored = (await ctx.t.platform.store.calls.get(sid))!;
  const ev = (type: string, leg: string) => stored.events.find((e) => e.type === type && e.leg === leg)!.at;
  // B's leg: A's phone (the callee here) was dialled, rang and answered.
  assert.deepEqual([cdr.beginCallTime, cdr.ringTime, cdr.startTime], [ev('callout', 'B'), ev('alerting', 'B'), ev('answer', 'B')]);
  assert.deepEqual({ ...cdr, accountId: undefined, callId: undefined, beginCallTime: undefined, startTime: undefined, endTime: undefined, cdrCreateTime: undefined }, {
    accountId: undefined, callId: undefined, serviceType: 200, subServiceType: 201, numberPoolNo: 'NP1',
    caller: national(B), callerCountryIsoCode: 'CN', callerProvinceCode: '', callerCityCode: '',
    callee: national(A), calleeCountryIsoCode: 'CN', calleeProvinceCode: '', calleeCityCode: '',
    beginCallTime: undefined, ringTime: ev('alerting', 'B'), startTime: undefined, endTime: undefined, releaseType: 2, callDuration: 33, callResult: 1,
    audioRecordFlag: 1, cdrCreateTime: undefined, subscriptionId: sub, phoneNoX: national(X), phoneNoA: national(A), phoneNoB: national(B),
    secretCallType: 11, messageType: 1, callDisplayType: 1, cdrType: 3, userData: USER_DATA,
  });
});

test('callDisplayType 2 shows the caller\'s real number; the binding\'s maxDuration ends the call; not recorded', async () => {
  await rig.bind({ numberPoolNo: 'NP1', phoneNoX: X2, phoneNoA: A2, phoneNoB: NEVER_HANGS_UP, callDisplayType: 2, maxDuration: 1 });
  const placed = await rig.dial(A2, X2);
  assert.equal(placed.accepted, true);
  const sid = placed.sessionId;
  await rig.settle(sid, 6, 180_000);
  const d = await rig.detail(sid);
  assert.deepEqual(d.legs.map((l: any) => [l.leg, l.number, l.shown]), [['A', X2, A2], ['B', NEVER_HANGS_UP, A2]]);
  // Neither side hangs up: the binding's 1 minute ends the talk (8010, released by the platform).
  assert.deepEqual([d.hangup.stateCode, d.hangup.partyType], [8010, 'platform']);
  const answeredB = new Date(d.legs[1].answerAt).getTime();
  assert.equal(new Date(d.call.endedAt).getTime() - answeredB, 60_000);
  assert.equal(d.recording, undefined);
  const { cdr } = vspOf(sid);
  assert.deepEqual([cdr.callDisplayType, cdr.releaseType, cdr.audioRecordFlag, cdr.userData, cdr.secretCallType], [2, 3, 0, '', 10]);
});

test('a third number calling X is refused (21), recorded, and pushed to the app', async () => {
  const placed = await rig.dial(THIRD, X);
  assert.deepEqual([placed.accepted, placed.q850], [false, 21]);
  const sid = placed.sessionId;
  // The CDR waits out its second (records of one second travel together): the network's clock moves on.
  await rig.settle(sid, 2, 2_000);
  const d = await rig.detail(sid);
  assert.deepEqual(d.record.refusal, { q850: 21, reason: 'privacy_third_party' });
  assert.deepEqual([d.call.kind, d.call.outcome, d.record.direction], ['inbound', 'rejected', 1]);
  const { status, cdr } = vspOf(sid);
  assert.equal(status.length, 1);
  assert.deepEqual({ ...status[0], eventTime: undefined }, {
    accountId: d.record.spId, callId: sid, serviceType: 200, caller: national(THIRD), callee: national(X), eventTime: undefined,
    allEventType: [6, 4], eventType: 4, messageType: 1, phoneNoX: national(X), phoneNoA: '', phoneNoB: '', party: 1, subscriptionId: '', userData: '',
  });
  assert.deepEqual([cdr.serviceType, cdr.subServiceType, cdr.numberPoolNo, cdr.caller, cdr.callee, cdr.callResult, cdr.releaseType, cdr.secretCallType, cdr.cdrType, cdr.phoneNoX, cdr.phoneNoA, cdr.subscriptionId, cdr.callDuration],
    [200, 201, 'NP1', national(THIRD), national(X), 7, 3, 0, 2, national(X), '', '', 0]);
  const huawei = rig.ofCall('/status', sid).map((p) => [p.body.eventType, p.body.statusInfo.caller, p.body.statusInfo.called, p.body.statusInfo.stateCode]);
  assert.deepEqual(huawei, [['disconnect', THIRD, X, 8001]]);
});
