// The vsp pushes of a privacy-number call (serviceType 200), field by field against
// voice-service-push-system.md: every field of the document's JSON, in its order, with its type;
// the privacy fields (subServiceType, numberPoolNo, phoneNoX/A/B, secretCallType, subscriptionId,
// callDisplayType, userData) from the binding's facts, for each secretCallType; and a call
// without facts unchanged (serviceType 100, secretCallType 0).

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { PrivacyFacts } from '../../src/domain/privacy.js';
import { decodeVsp } from '../../src/push/dialects/decode/vsp.js';
import { vsp } from '../../src/push/dialects/vsp.js';
import { VSP_ENUMS } from '../../src/push/dialects/vsp-enums.js';
import { runCallbackCase, type RanCall } from './calls.js';
import { pushedBodies, SUB_ID } from './encode.js';
import { VSP_CDR_EXAMPLE, VSP_STATUS_EXAMPLE } from './examples.js';

const X = '+8675528000101';
const A = '+8613100001111';
const B = '+8613100002222';
const C = '+8613100004444';

const facts = (over: Partial<PrivacyFacts> = {}): PrivacyFacts => ({
  kind: 'AXB', poolId: 'NP160102116501911493', subscriptionId: 'sub123456', x: X, a: A, b: B, secretCallType: 10, displayType: 1,
  userData: '{"orderId":"123456"}', ...over,
});

type Json = Record<string, unknown>;
const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v);

function bodies(ran: RanCall): { status: Json[]; cdr: Json } {
  const p = pushedBodies(vsp, ran);
  return { status: p.status.map((s) => JSON.parse(s) as Json), cdr: JSON.parse(p.record[0]!) as Json };
}

/** The document's fields, in its order, each with the example's JSON type. */
function sameShape(body: Json, example: string): void {
  const doc = JSON.parse(example) as Json;
  assert.deepEqual(Object.keys(body), Object.keys(doc));
  for (const [k, v] of Object.entries(doc)) assert.equal(typeOf(body[k]), typeOf(v), k);
}

describe('vsp pushes of a privacy call', () => {
  let axb: RanCall;
  before(async () => {
    // A callback whose two legs answer stands for the call (the engine ignores the facts): what
    // is checked is what the encoder makes of the call's facts and its record.
    axb = await runCallbackCase('callback-answered', { privacy: facts() });
  });

  test('the CDR: every field of document 3.1 in order, serviceType 200 and the binding\'s fields', () => {
    const { cdr } = bodies(axb);
    sameShape(cdr, VSP_CDR_EXAMPLE);
    assert.deepEqual({
      serviceType: cdr.serviceType, subServiceType: cdr.subServiceType, numberPoolNo: cdr.numberPoolNo, caller: cdr.caller, callee: cdr.callee,
      callerCountryIsoCode: cdr.callerCountryIsoCode, calleeCountryIsoCode: cdr.calleeCountryIsoCode, subscriptionId: cdr.subscriptionId,
      phoneNoX: cdr.phoneNoX, phoneNoA: cdr.phoneNoA, phoneNoB: cdr.phoneNoB, secretCallType: cdr.secretCallType, messageType: cdr.messageType,
      callDisplayType: cdr.callDisplayType, cdrType: cdr.cdrType, userData: cdr.userData,
    }, {
      // The document's own example values, where it gives them for a privacy call.
      serviceType: 200, subServiceType: 201, numberPoolNo: 'NP160102116501911493', caller: '13100001111', callee: '13100002222',
      callerCountryIsoCode: 'CN', calleeCountryIsoCode: 'CN', subscriptionId: 'sub123456',
      phoneNoX: '075528000101', phoneNoA: '13100001111', phoneNoB: '13100002222', secretCallType: 10, messageType: 1,
      callDisplayType: 1, cdrType: 3, userData: '{"orderId":"123456"}',
    });
    // Every enumerated value is one docs/push-formats.md tables.
    for (const f of ['serviceType', 'subServiceType', 'secretCallType', 'callDisplayType', 'cdrType', 'messageType', 'callResult', 'releaseType']) {
      assert.ok(VSP_ENUMS[f]!.some((r) => r.value === cdr[f]), `${f} ${String(cdr[f])}`);
    }
    // The call's own facts (times, result) are those of any call.
    assert.equal(cdr.callResult, 1);
    assert.equal(cdr.callId, axb.call.sessionId);
  });

  test('every status push: the fields of document 4.1 in order, with the binding\'s', () => {
    const { status } = bodies(axb);
    assert.ok(status.length >= 4);
    for (const s of status) {
      sameShape(s, VSP_STATUS_EXAMPLE);
      assert.deepEqual([s.serviceType, s.caller, s.callee, s.phoneNoX, s.phoneNoA, s.phoneNoB, s.subscriptionId, s.userData],
        [200, '13100001111', '13100002222', '075528000101', '13100001111', '13100002222', 'sub123456', '{"orderId":"123456"}']);
      assert.ok(VSP_ENUMS.eventType!.some((r) => r.value === s.eventType));
    }
  });

  test('B calls A (11), AX calls (20, 21), callDisplayType 2, and the binding\'s userData over the call\'s', async () => {
    const cases: Array<[Partial<PrivacyFacts>, { caller: string; callee: string; sub: number; b: string }]> = [
      [{ secretCallType: 11 }, { caller: '13100002222', callee: '13100001111', sub: 201, b: '13100002222' }],
      [{ kind: 'AX', secretCallType: 20, b: C }, { caller: '13100004444', callee: '13100001111', sub: 202, b: '13100004444' }],
      [{ kind: 'AX', secretCallType: 21, b: C }, { caller: '13100001111', callee: '13100004444', sub: 202, b: '13100004444' }],
      [{ kind: 'AX', secretCallType: 21, b: undefined }, { caller: '13100001111', callee: '', sub: 202, b: '' }],
    ];
    for (const [over, want] of cases) {
      const f = facts(over);
      if (f.b === undefined) delete f.b;
      const { cdr, status } = bodies({ ...axb, call: { ...axb.call, privacy: f } });
      assert.deepEqual([cdr.caller, cdr.callee, cdr.subServiceType, cdr.phoneNoB, cdr.secretCallType], [want.caller, want.callee, want.sub, want.b, f.secretCallType], JSON.stringify(over));
      assert.deepEqual([status[0]!.caller, status[0]!.callee, status[0]!.phoneNoB], [want.caller, want.callee, want.b]);
    }
    const shown = bodies({ ...axb, call: { ...axb.call, userData: 'call-data', privacy: facts({ displayType: 2, userData: undefined }) } });
    assert.deepEqual([shown.cdr.callDisplayType, shown.cdr.userData], [2, 'call-data']);
    const own = bodies({ ...axb, call: { ...axb.call, userData: 'call-data', privacy: facts() } });
    assert.equal(own.cdr.userData, '{"orderId":"123456"}');
  });

  test('decoded back: the receiver side reads the privacy CDR', () => {
    const decoded = decodeVsp(JSON.parse(pushedBodies(vsp, axb).record[0]!));
    const item = decoded.items[0]!;
    assert.equal(item.kind, 'record');
    assert.deepEqual([item.caller, item.fields.serviceType, item.fields.secretCallType], [A, 200, 10]);
  });

  test('a call without privacy facts is unchanged: serviceType 100, secretCallType 0, the push subscription\'s id', async () => {
    const plain = await runCallbackCase('callback-answered');
    const { cdr, status } = bodies(plain);
    assert.deepEqual([cdr.serviceType, cdr.secretCallType, cdr.cdrType, cdr.subscriptionId, cdr.callDisplayType], [100, 0, 1, SUB_ID, 1]);
    assert.deepEqual([status[0]!.serviceType, status[0]!.subscriptionId], [100, SUB_ID]);
  });
});
