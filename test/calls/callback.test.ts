import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { wavDurationMs } from '../../src/network/simulated/wav.js';
import { callback, DISPLAY, DISPLAY_B, harness, n, OTHER, SESSION, T0 } from './helpers.js';

test('callback answered: events in order with exact times and fields, record field by field', async () => {
  const h = harness();
  h.engine.start(callback());
  assert.equal(h.engine.active(), 1);
  assert.equal(h.engine.active('app-key-1'), 1);
  assert.equal(h.engine.active('other'), 0);
  await h.clock.advance(60_000);
  await h.engine.idle();
  assert.equal(h.engine.active(), 0);
  assert.deepEqual(h.sink.timeline(), [
    ['callout', 'A', 0],
    ['alerting', 'A', 1000],
    ['answer', 'A', 2000],
    ['callout', 'B', 2000],
    ['alerting', 'B', 3000],
    ['answer', 'B', 5000],
    ['disconnect', 'A', 22000],
  ]);
  const all = [...h.sink.events, h.sink.disconnect];
  assert.deepEqual(all.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7]);
  for (const e of all) {
    assert.equal(e.sessionId, SESSION);
    assert.deepEqual([e.caller, e.called], e.leg === 'A' ? [DISPLAY, n('01')] : [DISPLAY_B, OTHER]);
  }
  assert.deepEqual(h.sink.disconnect, {
    sessionId: SESSION, seq: 7, type: 'disconnect', leg: 'A', at: T0 + 22000, caller: DISPLAY, called: n('01'),
    stateCode: 0, stateDesc: 'The user releases the call.', partyType: 'caller',
  });
  assert.deepEqual(h.sink.record, {
    sessionId: SESSION, icid: 'CAE-1', appKey: 'app-key-1', spId: 'sp1', kind: 'callback', direction: 0,
    bindNum: DISPLAY, callerNum: DISPLAY, calleeNum: n('01'), fwdDisplayNum: DISPLAY_B, fwdDstNum: OTHER,
    legA: { startAt: T0, alertingAt: T0 + 1000, answerAt: T0 + 2000, endAt: T0 + 22000, q850: 0, sipStatus: 0 },
    legB: { startAt: T0 + 2000, alertingAt: T0 + 3000, answerAt: T0 + 5000, endAt: T0 + 22000, q850: 0, sipStatus: 0 },
    callEndAt: T0 + 22000, outcome: 'answered', stateCode: 0, ulFailReason: 0, sipStatusCode: 0, partyType: 'caller',
    digits: [], ttsPlayTimes: 0, ttsTransDuration: 0, hostName: 'node1.voxcall.test', userData: 'cwgtest',
  });
  // The caller heard the default wait voice (looped) until B rang, then B's ringback.
  assert.deepEqual(h.plays(), [
    ['A', 2000, 'file', 'voxcall_wait_voice.wav', true],
    ['A', 3000, 'ringback', 'ringback', true],
  ]);
  assert.equal(h.trace().filter((t) => t.action === 'bridge').length, 2);
  assert.equal(h.clock.pending, 0);
});

test('callback: B hangs up first: disconnect on leg B, partyType callee', async () => {
  const h = harness();
  h.engine.start(callback({ callerNbr: n('09'), calleeNbr: n('01') }));
  await h.clock.advance(60_000);
  // A answers at 2 s; B called at 2 s answers 2 s later, talks 20 s.
  assert.deepEqual(h.sink.timeline().at(-1), ['disconnect', 'B', 24000]);
  assert.equal(h.sink.disconnect.partyType, 'callee');
  assert.deepEqual([h.sink.disconnect.caller, h.sink.disconnect.called], [DISPLAY_B, n('01')]);
  assert.equal(h.sink.record.outcome, 'answered');
});

const aFailures = [
  ['02', 'busy', 17, 486, 8001, 8108, 'caller'],
  ['03', 'no_answer', 19, 480, 8003, 8107, 'platform'],
  ['04', 'powered_off', 20, 480, 8001, 8110, 'caller'],
  ['05', 'vacant', 1, 404, 8001, 8106, 'caller'],
  ['06', 'rejected', 21, 603, 8004, 8111, 'caller'],
  ['07', 'unreachable', 41, 503, 8001, 8109, 'caller'],
] as const;

for (const [suffix, outcome, q850, sip, stateCode, point, party] of aFailures) {
  test(`callback: A ${outcome}: caller-side codes, no B leg`, async () => {
    const h = harness();
    h.engine.start(callback({ callerNbr: n(suffix) }));
    await h.clock.advance(60_000);
    const r = h.sink.record;
    assert.equal(r.outcome, outcome);
    assert.deepEqual([r.legA.q850, r.legA.sipStatus, r.stateCode, r.ulFailReason, r.sipStatusCode, r.partyType], [q850, sip, stateCode, point, sip, party]);
    assert.equal(r.legB, undefined);
    assert.equal(r.fwdDstNum, undefined);
    assert.equal(r.failAt, r.callEndAt);
    assert.equal(h.sink.events.some((e) => e.leg === 'B'), false);
    assert.equal(h.sink.disconnect.leg, 'A');
    assert.equal(h.sink.disconnect.stateCode, stateCode);
    assert.equal(h.sink.disconnect.partyType, party);
  });
}

test('callback: A busy ends at 1 s; A no answer at the 45 s ring timeout', async () => {
  const busy = harness();
  busy.engine.start(callback({ callerNbr: n('02') }));
  await busy.clock.advance(60_000);
  assert.deepEqual(busy.sink.timeline(), [['callout', 'A', 0], ['disconnect', 'A', 1000]]);
  const na = harness({ timings: { ringTimeoutMs: 30_000 } });
  na.engine.start(callback({ callerNbr: n('03') }));
  await na.clock.advance(60_000);
  assert.deepEqual(na.sink.timeline(), [['callout', 'A', 0], ['alerting', 'A', 1000], ['disconnect', 'A', 30000]]);
  const def = harness();
  def.engine.start(callback({ callerNbr: n('03') }));
  await def.clock.advance(60_000);
  assert.equal(def.sink.disconnect.at - T0, 45_000);
});

const bFailures = [
  ['02', 'busy', 17, 486, 8102, 'callee'],
  ['03', 'no_answer', 19, 480, 8101, 'platform'],
  ['04', 'powered_off', 20, 480, 8104, 'callee'],
  ['05', 'vacant', 1, 404, 8100, 'callee'],
  ['06', 'rejected', 21, 603, 8004, 'callee'],
  ['07', 'unreachable', 41, 503, 8103, 'callee'],
] as const;

for (const [suffix, outcome, q850, sip, code, party] of bFailures) {
  test(`callback: B ${outcome}: callee-side codes, A released by the platform`, async () => {
    const h = harness();
    h.engine.start(callback({ callerNbr: n('09'), calleeNbr: n(suffix), calleeMedia: 'none' }));
    await h.clock.advance(120_000);
    const r = h.sink.record;
    assert.equal(r.outcome, outcome);
    assert.deepEqual([r.legB!.q850, r.legB!.sipStatus, r.stateCode, r.ulFailReason, r.sipStatusCode, r.partyType], [q850, sip, code, code, sip, party]);
    assert.deepEqual([r.legA.q850, r.legA.sipStatus], [0, 0]);
    assert.equal(r.failAt, r.legB!.endAt);
    assert.equal(r.callEndAt, r.failAt);
    assert.equal(r.legA.endAt, r.callEndAt);
    const d = h.sink.disconnect;
    assert.deepEqual([d.leg, d.caller, d.called, d.stateCode, d.partyType], ['B', DISPLAY_B, n(suffix), code, party]);
    assert.equal(h.trace().filter((t) => t.leg === 'A' && t.action === 'release').length, 1);
  });
}

test('calleeMedia all: ringback replaces the wait voice, then the failure announcement before A is released', async () => {
  const h = harness();
  h.engine.start(callback({ calleeNbr: n('06'), waitVoice: 'wait_voice1.wav' }));
  await h.clock.advance(60_000);
  // B rejects 5 s after its dial at 2 s; A hears the 4 s failure announcement.
  assert.deepEqual(h.plays(), [
    ['A', 2000, 'file', 'wait_voice1.wav', true],
    ['A', 3000, 'ringback', 'ringback', true],
    ['A', 7000, 'announcement', 'failure:rejected', false],
  ]);
  assert.equal(h.sink.disconnect.at - T0, 7000);
  assert.equal(h.sink.record.callEndAt - T0, 11000);
  assert.equal(h.sink.record.failAt! - T0, 7000);
});

test('calleeMedia fail: the wait voice plays through ringing, the failure announcement is heard', async () => {
  const h = harness();
  h.engine.start(callback({ calleeNbr: n('02'), calleeMedia: 'fail' }));
  await h.clock.advance(60_000);
  assert.deepEqual(h.plays(), [
    ['A', 2000, 'file', 'voxcall_wait_voice.wav', true],
    ['A', 3000, 'announcement', 'failure:busy', false],
  ]);
  assert.equal(h.sink.record.callEndAt - T0, 7000);
});

test('calleeMedia none: only the wait voice, through ringing and failure', async () => {
  const h = harness();
  h.engine.start(callback({ calleeNbr: n('06'), calleeMedia: 'none' }));
  await h.clock.advance(60_000);
  assert.deepEqual(h.plays(), [['A', 2000, 'file', 'voxcall_wait_voice.wav', true]]);
  assert.equal(h.sink.record.callEndAt - T0, 7000);
});

test('pre-voice then wait voice, B is called after the pre-voice', async () => {
  const h = harness();
  h.engine.start(callback({ playPreVoice: true, preVoice: 'pre_voice1.wav' }));
  await h.clock.advance(60_000);
  assert.deepEqual(h.plays().slice(0, 2), [
    ['A', 2000, 'file', 'pre_voice1.wav', false],
    ['A', 4500, 'file', 'voxcall_wait_voice.wav', true],
  ]);
  assert.deepEqual(h.sink.timeline()[3], ['callout', 'B', 4500]);
});

test('a named prompt that does not exist fails the call with 8006 before B is called', async () => {
  const h = harness();
  h.engine.start(callback({ waitVoice: 'nope.wav' }));
  await h.clock.advance(60_000);
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.partyType], ['failed', 8006, 524, 'platform']);
  assert.equal(h.sink.events.some((e) => e.leg === 'B'), false);
});

test('callStop during talk: 8017, partyType platform, both legs released', async () => {
  const h = harness();
  h.engine.start(callback({ callerNbr: n('09'), calleeNbr: n('09') }));
  await h.clock.advance(10_000);
  assert.equal(h.engine.stop(SESSION), 'stopping');
  await h.clock.advance(0);
  await h.engine.idle();
  assert.equal(h.engine.stop(SESSION), 'not_active');
  const d = h.sink.disconnect;
  assert.deepEqual([d.leg, d.at - T0, d.stateCode, d.partyType], ['A', 10000, 8017, 'platform']);
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.failAt], ['answered', 8017, 8017, undefined]);
  assert.equal(h.trace().filter((t) => t.action === 'release').length, 2);
  assert.equal(h.clock.pending, 0);
});

test('callStop while B rings: cancelled', async () => {
  const h = harness();
  h.engine.start(callback({ calleeNbr: n('03') }));
  await h.clock.advance(10_000);
  h.engine.stop(SESSION);
  await h.clock.advance(0);
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.partyType, r.failAt! - T0, r.legB!.endAt! - T0], ['cancelled', 8017, 'platform', 10000, 10000]);
  assert.equal(r.legB!.answerAt, undefined);
});

test('caller hangs up while B rings: 8009, point 552', async () => {
  const h = harness({ rules: [{ number: OTHER, outcome: 'answer', answerAfter: 30 }] });
  h.engine.start(callback());
  await h.clock.advance(60_000);
  const r = h.sink.record;
  assert.deepEqual([r.outcome, r.stateCode, r.ulFailReason, r.partyType], ['cancelled', 8009, 552, 'caller']);
  assert.equal(h.sink.disconnect.at - T0, 22000);
});

for (const [to, legs] of [['toa', ['A']], ['tob', ['B']], ['both', ['A', 'B']]] as const) {
  test(`maxDuration: last-minute voice ${to}, released at the limit with 8010`, async () => {
    const h = harness();
    h.engine.start(callback({ callerNbr: n('09'), calleeNbr: n('09'), maxDuration: 2, lastMinToUE: to, lastMinVoice: to === 'both' ? undefined : 'lastmin_voice1.wav' }));
    await h.clock.advance(10 * 60_000);
    // B answers at 4 s: the last minute starts at 64 s, the call ends at 124 s.
    const name = to === 'both' ? 'voxcall_last_min_voice.wav' : 'lastmin_voice1.wav';
    const lastMin = h.plays().filter((p) => p[3] === name);
    assert.deepEqual(lastMin.map((p) => [p[0], p[1]]), legs.map((l) => [l, 64_000]));
    const d = h.sink.disconnect;
    assert.deepEqual([d.leg, d.at - T0, d.stateCode, d.partyType], ['A', 124_000, 8010, 'platform']);
    assert.deepEqual([h.sink.record.outcome, h.sink.record.ulFailReason], ['answered', 8010]);
  });
}

test('recordFlag: hint tone first, a real WAV of the talk time, recording fields', async () => {
  const h = harness();
  h.engine.start(callback({ recordFlag: true }));
  await h.clock.advance(60_000);
  await h.engine.idle();
  // Hint (platform-wide file, 2.2 s) at A's answer, B called at 4.2 s, answers at 7.2 s, A ends at 22 s.
  assert.deepEqual(h.plays()[0], ['A', 2000, 'file', 'voxcall_record_hint.wav', false]);
  const rec = h.sink.record.recording!;
  const path = join(h.recordingsDir, '1202_566_0_20260101000000.wav');
  assert.deepEqual(rec, {
    objectName: '1202_566_0_20260101000000.wav', bucketName: 'voxcall-records', domain: 'rec.voxcall.test',
    startAt: T0 + 7200, endAt: T0 + 22000, path,
  });
  assert.equal(wavDurationMs(path), 14_800);
});

test('lastMinVoice is not looked up without a maxDuration', async () => {
  const h = harness();
  h.engine.start(callback({ lastMinVoice: 'missing.wav' }));
  await h.clock.advance(60_000);
  assert.equal(h.sink.record.outcome, 'answered');
});
