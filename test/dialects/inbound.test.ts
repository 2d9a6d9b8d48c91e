// Inbound calls in the push formats (docs/inbound.md, "Pushes"): Huawei status events of the
// caller's leg (answer, disconnect; caller = the calling number, called = the app's number) and
// its fee record (direction 1, bindNum the app's number); vsp callin (6) for the caller's answer, party 1 for the caller, cdrType 2
// (3 when forwarded), phoneNoX the app's number; robot direction 1 with call_relation_id and none
// of the outbound-only fields.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Call, CallEvent, CallRecord, InboundPlan } from '../../src/domain/call.js';
import { buildRecord } from '../../src/calls/record.js';
import { huawei } from '../../src/push/dialects/huawei.js';
import { robot } from '../../src/push/dialects/robot.js';
import { vsp } from '../../src/push/dialects/vsp.js';
import { makeCall } from '../calls/helpers.js';

const CALLER = '+8613812345678';
const NUMBER = '+8675528000001';
const T = Date.UTC(2026, 10, 26, 3, 0, 0);
const MENU = { start: 'menu', nodes: [{ id: 'menu', type: 'gather' as const, default: 'bye' }, { id: 'bye', type: 'hangup' as const }] };

function inboundCall(p: Partial<InboundPlan> = {}): Call {
  const plan: InboundPlan = { kind: 'inbound', displayNbr: CALLER, calleeNbr: NUMBER, route: 'url', flow: { flowId: 'menu', flowVersion: 2, definition: MENU, variables: {} }, ...p };
  return makeCall(plan, { callRelationId: 'order-42', userData: 'order-42' });
}

function answered(call: Call, legB = false): CallRecord {
  return buildRecord(call, 'node1', {
    legA: { startAt: T, answerAt: T, endAt: T + 30_000, q850: 0, sipStatus: 0 },
    ...(legB ? { legB: { startAt: T + 1000, alertingAt: T + 2000, answerAt: T + 4000, endAt: T + 30_000, q850: 0, sipStatus: 0 }, parties: { A: { caller: CALLER, called: NUMBER }, B: { caller: CALLER, called: '+8613900000001' } } } : {}),
    ending: { outcome: 'answered', stateCode: 0, ulFailReason: 0, partyType: 'caller', callEndAt: T + 30_000 },
  });
}

const event = (type: CallEvent['type'], seq: number): CallEvent => ({ sessionId: 'S1', seq, type, leg: 'A', at: T, caller: CALLER, called: NUMBER, ...(type === 'disconnect' ? { stateCode: 0, stateDesc: 'The user releases the call.', partyType: 'caller' as const } : {}) });

describe('inbound calls in the push formats', () => {
  it('the record: direction 1, bindNum the app\'s number, callRelationId kept', () => {
    const r = answered(inboundCall());
    assert.deepEqual([r.direction, r.bindNum, r.callerNum, r.calleeNum, r.callRelationId], [1, NUMBER, CALLER, NUMBER, 'order-42']);
  });

  it('huawei: status events of the caller\'s leg, userData carries callRelationId; the fee is direction 1', () => {
    const call = inboundCall();
    const answer = huawei.encodeStatus(call, event('answer', 1)) as any;
    assert.deepEqual(answer, { eventType: 'answer', statusInfo: { sessionId: 'S1', timestamp: '2026-11-26 03:00:00', userData: 'order-42', caller: CALLER, called: NUMBER } });
    const fee = huawei.encodeRecord(call, answered(call)) as any;
    assert.equal(fee.direction, 1);
    assert.equal(fee.bindNum, NUMBER);
    assert.equal(fee.callerNum, CALLER);
    assert.equal(fee.userData, 'order-42');
  });

  it('vsp: the caller is party 1, phoneNoX the app\'s number, cdrType 2, or 3 when forwarded', () => {
    const call = inboundCall();
    const status = vsp.encodeStatus(call, event('answer', 1)) as any;
    assert.equal(status.eventType, 6);
    assert.equal((vsp.encodeStatus(call, event('disconnect', 2)) as any).eventType, 4);
    assert.deepEqual([status.party, status.phoneNoX, status.phoneNoA, status.phoneNoB, status.caller, status.callee], [1, '075528000001', '13812345678', '075528000001', '13812345678', '075528000001']);
    // callin, disconnect, and collectInfo (the flow gathers); no callout, alerting or answer of a B leg (it transfers nowhere).
    assert.deepEqual(status.allEventType, [6, 4, 5]);
    const fwd = inboundCall({ flow: { flowId: 'forward', flowVersion: 0, definition: { start: 'forward', nodes: [{ id: 'forward', type: 'transfer', to: '+8613900000001' }] }, variables: {} } });
    assert.deepEqual((vsp.encodeStatus(fwd, event('answer', 1)) as any).allEventType, [6, 1, 2, 3, 4]);
    const cdr = vsp.encodeRecord(call, answered(call)) as any;
    assert.deepEqual([cdr.cdrType, cdr.caller, cdr.callee, cdr.phoneNoX, cdr.userData], [2, '13812345678', '075528000001', '075528000001', 'order-42']);
    assert.equal((vsp.encodeRecord(call, answered(call, true)) as any).cdrType, 3);
  });

  it('robot: direction 1, call_relation_id, robot_id the flow, no outbound-only field', () => {
    const call = inboundCall();
    const records = robot.encodeRecords!(call, answered(call)) as any[];
    assert.equal(records.length, 1);
    assert.deepEqual(records[0], {
      business_id: 'sp1', app_id: call.appKey, robot_id: 'menu', call_uuid: call.sessionId, call_relation_id: 'order-42',
      caller: '13812345678', callee: '075528000001', direction: 1, time_answer: T, time_hangup: T + 30_000, duration_ring: 0, duration_call: 30,
    });
    const fwd = inboundCall({ route: 'forward', flow: { flowId: 'forward', flowVersion: 0, definition: { start: 'forward', nodes: [{ id: 'forward', type: 'transfer', to: '+8613900000001' }] }, variables: {} } });
    assert.equal((robot.encodeRecord(fwd, answered(fwd, true)) as any).robot_id, '');
  });
});
