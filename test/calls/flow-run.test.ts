import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallDialog, DialogStep } from '../../src/domain/call.js';
import type { FlowDefinition } from '../../src/domain/flow.js';
import { harness, n, T0 } from './helpers.js';
import { docsExample, flowCall, withTestTemplate } from './flow-example.js';

const PRESSER = '+8613700000001';
const SILENT = '+8613700000002';
const steps = (d: CallDialog | undefined) => (d?.steps ?? []).map((s: DialogStep) => [s.node, s.digits ?? null]);

function exampleHarness(digits?: string[]) {
  const h = harness({
    rules: [
      { number: PRESSER, outcome: 'answer', answerAfter: 2, talk: null, digits: digits ?? [] },
      { number: SILENT, outcome: 'answer', answerAfter: 2, talk: null },
    ],
  });
  withTestTemplate(h.media);
  return h;
}

test('flow: the docs example, press 1 then 2: confirmed, afternoon, goodbye', async () => {
  const h = exampleHarness(['1', '2']);
  h.engine.start(flowCall(docsExample(), PRESSER));
  await h.clock.advance(300_000);
  assert.deepEqual(h.errors, []);
  const r = h.sink.record;
  assert.deepEqual(steps(r.dialog), [['hello', null], ['notice', null], ['menu', '1'], ['when', '2'], ['afternoon', null], ['thanks', null], ['end', null]]);
  assert.deepEqual([r.dialog?.tag, r.dialog?.variables, r.dialog?.end, r.dialog?.flowId, r.dialog?.flowVersion], ['confirmed', { slot: 'afternoon' }, 'hangup', 'parcel', 1]);
  assert.deepEqual([r.kind, r.outcome, r.stateCode, r.ulFailReason, r.partyType, r.digits], ['notify', 'answered', 0, 0, 'platform', ['1', '2']]);
  // The file, the filled template, the menu's text with ${name}, the second menu, the thanks.
  const played = h.plays('A').map((p) => [p[2], p[3]]);
  assert.deepEqual(played, [
    ['file', 'welcome.wav'],
    ['tts', '您有3件快递请到人民公园正门领取'],
    ['tts', 'Hello Li. Press 1 to confirm, press 2 to talk to an agent.'],
    ['tts', 'Press 1 for a morning delivery, 2 for the afternoon.'],
    ['tts', 'Thank you, goodbye.'],
  ]);
  assert.equal(r.ttsPlayTimes, 4);
  // Each step's time is when the call entered it: the answer at 2 s, then the 4 s file.
  assert.deepEqual(r.dialog?.steps.slice(0, 2).map((s) => s.at - T0), [2000, 6000]);
  assert.deepEqual(h.sink.events.filter((e) => e.type === 'collectInfo').map((e) => e.digitInfo), ['1', '2']);
});

test('flow: the docs example, press 2: the agent is bridged and recorded; the call ends when the agent hangs up', async () => {
  const h = exampleHarness(['2']);
  h.engine.start(flowCall(docsExample(), PRESSER));
  await h.clock.advance(300_000);
  assert.deepEqual(h.errors, []);
  const r = h.sink.record;
  assert.deepEqual(steps(r.dialog), [['hello', null], ['notice', null], ['menu', '2'], ['agent', null], ['transfer', null]]);
  assert.deepEqual([r.dialog?.tag, r.dialog?.end, r.dialog?.steps.at(-1)?.transfer], ['agent', 'transfer', 'answered']);
  // +8613900000001 answers 2 s after its dial and talks 20 s.
  assert.ok(r.legB?.answerAt !== undefined);
  assert.equal(r.callEndAt - r.legB.answerAt, 20_000);
  assert.deepEqual([r.fwdDstNum, r.fwdDisplayNum, r.outcome, r.stateCode, r.partyType], ['+8613900000001', r.bindNum, 'answered', 0, 'callee']);
  assert.equal(h.sink.disconnect.leg, 'B');
  assert.ok(r.recording);
  assert.equal(r.recording.objectName, `${r.sessionId.split('@')[0]}.wav`);
});

test('flow: the docs example, no input: the menu three times, then no_input, goodbye, hang up', async () => {
  const h = exampleHarness();
  h.engine.start(flowCall(docsExample(), SILENT));
  await h.clock.advance(600_000);
  assert.deepEqual(h.errors, []);
  const r = h.sink.record;
  assert.deepEqual(steps(r.dialog), [
    ['hello', null], ['notice', null], ['menu', ''], ['menu', ''], ['menu', ''], ['noAnswer', null], ['goodbye', null], ['end', null],
  ]);
  assert.equal(r.dialog?.steps[5]?.redirectedFrom, 'menu');
  assert.deepEqual([r.dialog?.tag, r.dialog?.variables, r.dialog?.end], ['no_input', {}, 'hangup']);
  assert.deepEqual([r.outcome, r.stateCode, r.partyType, r.digits], ['answered', 0, 'platform', []]);
  // Each menu waits its 5 s timeout after the whole prompt (58 characters: 14.5 s).
  const menus = r.dialog!.steps.filter((s) => s.node === 'menu').map((s) => s.at);
  assert.deepEqual([menus[1]! - menus[0]!, menus[2]! - menus[1]!], [19_500, 19_500]);
});

test('flow: a say with variables, then no next: the call ends', async () => {
  const h = harness();
  const flow: FlowDefinition = { start: 'hi', nodes: [{ id: 'hi', type: 'say', text: 'Hello ${name}, your parcel is at ${place}.' }] };
  h.engine.start(flowCall(flow, n('01'), { variables: { name: '王芳', place: 'the gate' } }));
  await h.clock.advance(60_000);
  const r = h.sink.record;
  assert.deepEqual(h.plays('A').map((p) => p[3]), ['Hello 王芳, your parcel is at the gate.']);
  assert.deepEqual([r.dialog?.end, steps(r.dialog), r.ttsPlayTimes, r.ttsTransDuration], ['end', [['hi', null]], 1, 10]);
  assert.deepEqual([r.outcome, r.stateCode, r.partyType], ['answered', 0, 'platform']);
});

test('flow: the callee hangs up during a say: the walk ends there, normal clearing by the callee', async () => {
  // +8613900000001 answers at 2 s and hangs up at 22 s, inside a 40 s text.
  const h = harness();
  const flow: FlowDefinition = { start: 'long', nodes: [{ id: 'long', type: 'say', text: 'x'.repeat(160), next: 'bye' }, { id: 'bye', type: 'hangup' }] };
  h.engine.start(flowCall(flow, n('01')));
  await h.clock.advance(120_000);
  const r = h.sink.record;
  assert.deepEqual([r.dialog?.end, steps(r.dialog)], ['callEnded', [['long', null]]]);
  assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.partyType, r.callEndAt - T0], ['answered', 0, 0, 'callee', 22_000]);
});

test('flow: callStop mid-flow ends it with 8017', async () => {
  const h = harness();
  const flow: FlowDefinition = { start: 'long', nodes: [{ id: 'long', type: 'say', text: 'x'.repeat(160) }] };
  const call = flowCall(flow, n('09'));
  h.engine.start(call);
  await h.clock.advance(5_000);
  assert.equal(h.engine.stop(call.sessionId), 'stopping');
  await h.clock.advance(1_000);
  await h.engine.idle();
  const r = h.sink.record;
  assert.deepEqual([r.dialog?.end, r.outcome, r.stateCode, r.ulFailReason, r.partyType], ['callEnded', 'answered', 8017, 8017, 'platform']);
});

test('flow: an unanswered call fails with the callee codes and an empty walk', async () => {
  const h = harness();
  h.engine.start(flowCall(docsExample(), n('02')));
  await h.clock.advance(60_000);
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.sipStatusCode, r.partyType], ['busy', 8102, 8102, 486, 'callee']);
  assert.deepEqual([r.dialog?.end, r.dialog?.steps, r.dialog?.tag], ['unanswered', [], undefined]);
});

test('flow: a transferee who is busy sends the walk to onFailure; a missing file fails the call with 8006', async () => {
  const h = harness({ rules: [{ number: PRESSER, outcome: 'answer', answerAfter: 2, talk: null }] });
  const flow: FlowDefinition = {
    start: 'xfer',
    nodes: [
      { id: 'xfer', type: 'transfer', to: '${agent}', onFailure: 'sorry' },
      { id: 'sorry', type: 'play', file: 'gone.wav' },
    ],
  };
  h.engine.start(flowCall(flow, PRESSER, { variables: { agent: n('02') } }));
  await h.clock.advance(120_000);
  const r = h.sink.record;
  assert.deepEqual(r.dialog?.steps.map((s) => [s.node, s.transfer ?? null]), [['xfer', 'busy'], ['sorry', null]]);
  assert.deepEqual([r.dialog?.end, r.outcome, r.stateCode, r.ulFailReason, r.partyType, r.fwdDstNum], ['failed', 'failed', 8006, 524, 'platform', n('02')]);
});
