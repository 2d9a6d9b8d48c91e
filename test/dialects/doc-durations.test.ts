// The documents' own examples fix the duration rules: a call with the example's times, encoded,
// must give the example's durations (robot duration_ring 7 and duration_call 28; vsp
// callDuration 20). docs/push-formats.md writes out the arithmetic.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Call, CallRecord } from '../../src/domain/call.js';
import { buildRecord } from '../../src/calls/record.js';
import { robot } from '../../src/push/dialects/robot.js';
import { vsp } from '../../src/push/dialects/vsp.js';
import { notify } from '../calls/helpers.js';
import { ROBOT_EXAMPLE, VSP_CDR_EXAMPLE } from './examples.js';

/** An answered notification whose leg has these times, ended at `end`. */
function answered(call: Call, t: { dial: number; ring: number; answer: number; end: number }): CallRecord {
  return buildRecord(call, 'node1', {
    legA: { startAt: t.dial, alertingAt: t.ring, answerAt: t.answer, endAt: t.end, q850: 0, sipStatus: 0 },
    ending: { outcome: 'answered', stateCode: 0, ulFailReason: 0, partyType: 'callee', callEndAt: t.end },
  });
}

describe("the documents' examples reproduce with voxcall's duration rules", () => {
  it('robot: dial 1527737756729, ring ...757449, answer ...763429, hangup ...784829 give duration_ring 7 and duration_call 28', () => {
    const doc = JSON.parse(ROBOT_EXAMPLE) as Record<string, number>;
    const call = notify();
    const r = answered(call, { dial: doc.time_dial!, ring: doc.time_ring!, answer: doc.time_answer!, end: doc.time_hangup! });
    const sent = robot.encodeRecord(call, r) as unknown as Record<string, number>;
    const times = ['time_dial', 'time_ring', 'time_answer', 'time_hangup'];
    assert.deepEqual(times.map((k) => sent[k]), times.map((k) => doc[k]));
    assert.deepEqual([sent.duration_ring, sent.duration_call], [doc.duration_ring, doc.duration_call]);
    assert.deepEqual([doc.duration_ring, doc.duration_call], [7, 28]);
  });

  it('vsp: beginCallTime ...903000, ringTime ...903000, startTime ...904000, endTime ...923000 give callDuration 20', () => {
    const doc = JSON.parse(VSP_CDR_EXAMPLE) as Record<string, number>;
    const call = notify();
    const r = answered(call, { dial: doc.beginCallTime!, ring: doc.ringTime!, answer: doc.startTime!, end: doc.endTime! });
    const sent = vsp.encodeRecord(call, r) as unknown as Record<string, number>;
    const times = ['beginCallTime', 'ringTime', 'startTime', 'endTime'];
    assert.deepEqual(times.map((k) => sent[k]), times.map((k) => doc[k]));
    assert.equal(sent.callDuration, doc.callDuration);
    assert.equal(doc.callDuration, 20);
  });

  it('rounding is to the nearest second, from the dial; an unanswered call has no call duration', () => {
    const call = notify();
    const at = (dial: number, answer: number, end: number) => robot.encodeRecord(call, answered(call, { dial, ring: dial, answer, end })) as unknown as Record<string, number>;
    assert.deepEqual([at(0, 1499, 10_499).duration_ring, at(0, 1499, 10_499).duration_call], [1, 10]);
    assert.deepEqual([at(0, 1500, 10_500).duration_ring, at(0, 1500, 10_500).duration_call], [2, 11]);
    const busy = buildRecord(call, 'node1', {
      legA: { startAt: 0, alertingAt: 1000, endAt: 4600, q850: 17, sipStatus: 486 },
      ending: { outcome: 'busy', stateCode: 0, ulFailReason: 0, partyType: 'callee', callEndAt: 4600 },
    });
    const sent = robot.encodeRecord(call, busy) as unknown as Record<string, number>;
    assert.deepEqual([sent.time_answer, sent.duration_ring, sent.duration_call], [0, 5, 0]);
    assert.equal((vsp.encodeRecord(call, busy) as unknown as Record<string, number>).callDuration, 0);
  });
});
