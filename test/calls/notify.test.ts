import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlayItem } from '../../src/domain/call.js';
import { DISPLAY, harness, n, notify, OTHER, T0 } from './helpers.js';

const welcome = (extra = {}) => ({ notifyVoice: 'welcome.wav', collectInd: 0, replayAfterCollection: false, ...extra });

test('notification: a voice file then a TTS template, platform hangs up after the last item', async () => {
  const h = harness();
  h.engine.start(notify({ playInfoList: [welcome(), { templateId: 'tpl1', templateParas: ['3', '人民公园正门'], collectInd: 0, replayAfterCollection: false }] }));
  await h.clock.advance(60_000);
  assert.deepEqual(h.sink.timeline(), [['callout', 'A', 0], ['alerting', 'A', 1000], ['answer', 'A', 3000], ['disconnect', 'A', 11000]]);
  // 16 characters at 4 a second: 4 s of speech.
  assert.deepEqual(h.plays(), [
    ['A', 3000, 'file', 'welcome.wav', false],
    ['A', 7000, 'tts', '您有3件快递请到人民公园正门领取', false],
  ]);
  const d = h.sink.disconnect;
  assert.deepEqual([d.caller, d.called, d.stateCode, d.partyType], [DISPLAY, OTHER, 0, 'platform']);
  const r = h.sink.record;
  assert.deepEqual(
    [r.kind, r.outcome, r.stateCode, r.ulFailReason, r.partyType, r.ttsPlayTimes, r.ttsTransDuration, r.callEndAt - T0, r.failAt],
    ['notify', 'answered', 0, 0, 'platform', 1, 4, 11000, undefined],
  );
  assert.deepEqual([r.bindNum, r.callerNum, r.calleeNum, r.legB, r.fwdDstNum], [DISPLAY, DISPLAY, OTHER, undefined, undefined]);
  assert.deepEqual(r.legA, { startAt: T0, alertingAt: T0 + 1000, answerAt: T0 + 3000, endAt: T0 + 11000, q850: 0, sipStatus: 0 });
});

test('notification: digits collected after each item, reported with collectInfo', async () => {
  const h = harness();
  h.engine.start(notify({ calleeNbr: n('08'), playInfoList: [welcome({ collectInd: 1 }), welcome({ collectInd: 2 })] }));
  await h.clock.advance(60_000);
  assert.deepEqual(h.sink.timeline(), [
    ['callout', 'A', 0], ['alerting', 'A', 1000], ['answer', 'A', 2000],
    ['collectInfo', 'A', 7000], ['collectInfo', 'A', 12000], ['disconnect', 'A', 12000],
  ]);
  const infos = h.sink.events.filter((e) => e.type === 'collectInfo');
  assert.deepEqual(infos.map((e) => [e.seq, e.digitInfo, e.caller, e.called]), [[4, '1', DISPLAY, n('08')], [5, '2', DISPLAY, n('08')]]);
  assert.deepEqual(h.sink.record.digits, ['1', '2']);
  assert.equal(h.sink.disconnect.seq, 6);
});

test('notification: the trigger digits replay the item', async () => {
  const h = harness();
  h.engine.start(notify({ calleeNbr: n('08'), playInfoList: [welcome({ collectInd: 1, replayAfterCollection: true, collectContentTriggerReplaying: '1' })] }));
  await h.clock.advance(60_000);
  // "1" replays; "2" does not, so the call ends.
  assert.deepEqual(h.plays().map((p) => p[1]), [2000, 7000]);
  assert.deepEqual(h.sink.record.digits, ['1', '2']);
  assert.deepEqual(h.sink.timeline().at(-1), ['disconnect', 'A', 12000]);
});

test('notification: no digits within 5 s ends the call with 8008, point 100', async () => {
  const h = harness();
  h.engine.start(notify({ playInfoList: [welcome({ collectInd: 4 }), welcome()] }));
  await h.clock.advance(60_000);
  const d = h.sink.disconnect;
  assert.deepEqual([d.at - T0, d.stateCode, d.partyType], [12000, 8008, 'platform']);
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.ulFailReason, r.digits, r.failAt], ['answered', 100, [], undefined]);
  assert.equal(h.plays().length, 1);
});

test('notification: the callee hangs up early', async () => {
  const h = harness({ rules: [{ number: OTHER, outcome: 'answer', answerAfter: 2, talk: 10 }] });
  h.engine.start(notify({ playInfoList: [welcome(), welcome(), welcome(), welcome(), welcome()] }));
  await h.clock.advance(60_000);
  const d = h.sink.disconnect;
  assert.deepEqual([d.at - T0, d.stateCode, d.partyType], [12000, 0, 'callee']);
  assert.equal(h.plays().length, 3);
});

test('notification: callee busy carries callee-side codes', async () => {
  const h = harness();
  h.engine.start(notify({ calleeNbr: n('02'), playInfoList: [welcome()] }));
  await h.clock.advance(60_000);
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.sipStatusCode, r.legA.q850, r.partyType, r.failAt! - T0], ['busy', 8102, 8102, 486, 17, 'callee', 1000]);
});

test('notification: a missing template fails with 8005, a missing file with 8006', async () => {
  const cases: Array<[PlayItem, number, number]> = [
    [{ templateId: 'nope', templateParas: [], collectInd: 0, replayAfterCollection: false }, 8005, 8005],
    [welcome({ notifyVoice: 'nope.wav' }), 8006, 524],
  ];
  for (const [item, code, point] of cases) {
    const h = harness();
    h.engine.start(notify({ playInfoList: [item] }));
    await h.clock.advance(60_000);
    const r = h.sink.record;
    assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.partyType], ['failed', code, point, 'platform']);
  }
});

test('notification: callStop before the answer is cancelled', async () => {
  const h = harness();
  h.engine.start(notify({ playInfoList: [welcome()] }));
  await h.clock.advance(1500);
  h.engine.stop(h.sink.events[0]!.sessionId);
  await h.clock.advance(0);
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.partyType, r.failAt! - T0], ['cancelled', 8017, 'platform', 1500]);
});
