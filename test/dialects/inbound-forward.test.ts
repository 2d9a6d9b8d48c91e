// An inbound call forwarded to B (a forward route, a URL's forward, a privacy call) in every push
// format (docs/push-formats.md, "Which leg a record describes"): the platform answered the caller
// at once, so each record reports B's leg: B busy, B not answering, B answering. Records are built
// as the engine builds them (buildRecord with the forward's endings), then encoded.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRecord, type Ending } from '../../src/calls/record.js';
import { forwardUnanswered } from '../../src/calls/flow/forward-ending.js';
import type { Call, CallRecord, InboundPlan, LegTimes } from '../../src/domain/call.js';
import { talkMs } from '../../src/domain/call.js';
import type { PrivacyFacts } from '../../src/domain/privacy.js';
import { huawei } from '../../src/push/dialects/huawei.js';
import { robot } from '../../src/push/dialects/robot.js';
import { ucloud } from '../../src/push/dialects/ucloud.js';
import { vsp } from '../../src/push/dialects/vsp.js';
import { makeCall } from '../calls/helpers.js';

const CALLER = '+8613812345678';
const NUMBER = '+8675528000001';
const B = '+8613900000002';
const T = Date.UTC(2026, 10, 26, 3, 0, 0);

const forwardPlan = (over: Partial<InboundPlan> = {}): InboundPlan => ({
  kind: 'inbound', displayNbr: CALLER, calleeNbr: NUMBER, route: 'forward',
  flow: { flowId: 'forward', flowVersion: 0, definition: { start: 'forward', nodes: [{ id: 'forward', type: 'transfer', to: B }] }, variables: {} },
  ...over,
});

const forwardCall = (over: Partial<InboundPlan> = {}, privacy?: PrivacyFacts): Call =>
  makeCall(forwardPlan(over), { callRelationId: 'order-42', userData: 'order-42', ...(privacy ? { privacy } : {}) });

/** The caller's leg: answered by the platform as the call arrived, at T. */
const LEG_A: LegTimes = { startAt: T, answerAt: T, q850: 0, sipStatus: 0 };

function record(call: Call, legB: LegTimes, ending: Ending): CallRecord {
  return buildRecord(call, 'node1', {
    legA: { ...LEG_A, endAt: ending.callEndAt },
    legB,
    parties: { A: { caller: CALLER, called: NUMBER }, B: { caller: CALLER, called: B } },
    ending,
  });
}

const released = (call: Call, failure: 'busy' | 'no_answer', at: number, legB: LegTimes): CallRecord => {
  const { leg: _leg, at: _at, ...ending } = forwardUnanswered(at, failure);
  return record(call, legB, { ...ending, callEndAt: at });
};

/** B busy: dialled at T+1 s, refused at once (Q.850 17, SIP 486). */
const busy = (call: Call) => released(call, 'busy', T + 1000, { startAt: T + 1000, endAt: T + 1000, q850: 17, sipStatus: 486 });
/** B rang from T+2 s to its ring timeout at T+31 s. */
const noAnswer = (call: Call) => released(call, 'no_answer', T + 31_000, { startAt: T + 1000, alertingAt: T + 2000, endAt: T + 31_000, q850: 19, sipStatus: 480 });
/** B rang at T+2 s, answered at T+4 s; the caller hung up at T+30 s. */
const answered = (call: Call) => record(call, { startAt: T + 1000, alertingAt: T + 2000, answerAt: T + 4000, endAt: T + 30_000, q850: 0, sipStatus: 0 },
  { outcome: 'answered', stateCode: 0, ulFailReason: 0, partyType: 'caller', callEndAt: T + 30_000 });

const cdrOf = (call: Call, r: CallRecord) => vsp.encodeRecord(call, r) as any;
const times = (c: any) => [c.callResult, c.beginCallTime, c.ringTime, c.startTime, c.endTime, c.callDuration];

describe('an inbound forward: the records report B', () => {
  it("the record: forward, and B's outcome with a callback's B codes; no talk unless B answered", () => {
    const call = forwardCall();
    const b = busy(call);
    assert.deepEqual([b.forward, b.outcome, b.stateCode, b.ulFailReason, b.sipStatusCode, b.partyType, b.failAt], [true, 'busy', 8102, 8102, 486, 'callee', T + 1000]);
    const n = noAnswer(call);
    assert.deepEqual([n.outcome, n.stateCode, n.partyType], ['no_answer', 8101, 'platform']);
    assert.deepEqual([talkMs(b), talkMs(n), talkMs(answered(call))], [0, 0, 26_000]);
    // A flow that goes on when its transfer fails is no forward: its call is the caller's leg.
    const flow = forwardCall({ route: 'flow', flow: { flowId: 'f', flowVersion: 1, definition: { start: 't', nodes: [{ id: 't', type: 'transfer', to: B, onFailure: 'bye' }, { id: 'bye', type: 'hangup' }] }, variables: {} } });
    assert.equal(answered(flow).forward, undefined);
  });

  it('vsp: callResult 5 / 6 / 1 with B\'s dial, ring and answer times; caller the caller, callee B; cdrType 3', () => {
    const call = forwardCall();
    assert.deepEqual(times(cdrOf(call, busy(call))), [5, T + 1000, 0, 0, T + 1000, 0]);
    assert.deepEqual(times(cdrOf(call, noAnswer(call))), [6, T + 1000, T + 2000, 0, T + 31_000, 0]);
    const ok = cdrOf(call, answered(call));
    assert.deepEqual(times(ok), [1, T + 1000, T + 2000, T + 4000, T + 30_000, 29]);
    assert.deepEqual([ok.caller, ok.callee, ok.cdrType, ok.phoneNoX, ok.phoneNoA, ok.phoneNoB, ok.releaseType], ['13812345678', '13900000002', 3, '075528000001', '13812345678', '075528000001', 1]);
    assert.equal(cdrOf(call, busy(call)).releaseType, 2);
  });

  it('vsp, a privacy call through X: the same times and results, the binding\'s fields unchanged', () => {
    const facts: PrivacyFacts = { kind: 'AXB', poolId: 'NP1', subscriptionId: 'sub1', x: NUMBER, a: CALLER, b: B, secretCallType: 10, displayType: 1, userData: 'u' };
    const call = forwardCall({ route: 'privacy', flow: { flowId: 'privacy', flowVersion: 0, definition: { start: 'privacy', nodes: [{ id: 'privacy', type: 'transfer', to: B }] }, variables: {} } }, facts);
    const b = cdrOf(call, busy(call));
    assert.deepEqual(times(b), [5, T + 1000, 0, 0, T + 1000, 0]);
    assert.deepEqual([b.serviceType, b.secretCallType, b.caller, b.callee, b.cdrType], [200, 10, '13812345678', '13900000002', 3]);
    assert.deepEqual(times(cdrOf(call, noAnswer(call))), [6, T + 1000, T + 2000, 0, T + 31_000, 0]);
    assert.deepEqual(times(cdrOf(call, answered(call))), [1, T + 1000, T + 2000, T + 4000, T + 30_000, 29]);
  });

  it('robot: no answer time and no call seconds unless B answered; B\'s answer when it did; no outbound-only field', () => {
    const call = forwardCall();
    const rob = (r: CallRecord) => robot.encodeRecord(call, r) as any;
    const pick = (x: any) => [x.callee, x.time_answer, x.time_hangup, x.duration_ring, x.duration_call];
    assert.deepEqual(pick(rob(busy(call))), ['13900000002', 0, T + 1000, 0, 0]);
    assert.deepEqual(pick(rob(noAnswer(call))), ['13900000002', 0, T + 31_000, 30, 0]);
    assert.deepEqual(pick(rob(answered(call))), ['13900000002', T + 4000, T + 30_000, 3, 29]);
    for (const r of [busy(call), noAnswer(call), answered(call)]) {
      const x = rob(r);
      assert.equal(x.direction, 1);
      for (const k of ['task_result', 'task_result_desc', 'time_dial', 'time_ring']) assert.equal(k in x, false, k);
    }
  });

  it('ucloud: the receipt is B\'s (UserBusy, NoAnswer, Delivrd), the talk from B\'s answer', () => {
    const call = forwardCall();
    const rc = (r: CallRecord) => ucloud.encodeRecord(call, r) as any;
    const pick = (x: any) => [x.Phone, x.ReceiptCode, x.CallStartTime, x.AnswerTime, x.Duration, x.CostCount];
    assert.deepEqual(pick(rc(busy(call))), ['13900000002', 'UserBusy', T + 1000, 0, 0, 0]);
    assert.deepEqual(pick(rc(noAnswer(call))), ['13900000002', 'NoAnswer', T + 1000, 0, 0, 0]);
    assert.deepEqual(pick(rc(answered(call))), ['13900000002', 'Delivrd', T + 1000, T + 4000, 26, 1]);
  });

  it('huawei fee: B\'s failure in the call\'s codes and fwdUnaswRsn; the caller\'s leg answered in callOut*', () => {
    const call = forwardCall();
    const fee = huawei.encodeRecord(call, busy(call)) as any;
    assert.deepEqual([fee.direction, fee.fwdDstNum, fee.fwdUnaswRsn, fee.ulFailReason, fee.sipStatusCode, fee.fwdAnswerTime], [1, B, 17, 8102, 486, undefined]);
    assert.ok(fee.callOutAnswerTime);
    const ok = huawei.encodeRecord(call, answered(call)) as any;
    assert.deepEqual([ok.fwdUnaswRsn, ok.ulFailReason], [0, 0]);
    assert.ok(ok.fwdAnswerTime);
  });
});
