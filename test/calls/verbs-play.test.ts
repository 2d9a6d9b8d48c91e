// The play and say verbs: played with its length; the call ending under them (the callee hangs
// up, callStop, the network drops the leg); the network refusing the play.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dial, gather, play, say } from '../../src/calls/verbs/index.js';
import type { Media } from '../../src/network/types.js';
import { n, notify, T0 } from './helpers.js';
import { rig } from './verbs-rig.js';

const welcome: Media = { kind: 'file', name: 'welcome.wav', durationMs: 4000 };
const long: Media = { kind: 'file', name: 'long.wav', durationMs: 60_000 };
const tts: Media = { kind: 'tts', name: '您有2件快递', durationMs: 2500 };

/** A callee answered at 2 s: n('09') talks until released, n('01') hangs up at 22 s. */
async function answered(number: string) {
  const r = rig({ call: notify({ calleeNbr: number }) });
  await r.exec((rt) => dial(rt, 'A'), 2000);
  return r;
}

test('play: returns once the media played, with the length played', async () => {
  const r = await answered(n('09'));
  const p = await r.exec((rt) => play(rt, 'A', welcome), 4000);
  assert.deepEqual(p, { type: 'played', at: T0 + 6000, durationMs: 4000, interrupted: false });
  assert.equal(r.rt.leg('A').playId, 0, 'nothing plays any more');
});

test('play: the callee hanging up mid-play ends the verb with the call (hangup by far)', async () => {
  const r = await answered(n('01'));
  const p = await r.exec((rt) => play(rt, 'A', long), 20_000);
  assert.deepEqual(p, { type: 'ended', cause: 'hangup', leg: 'A', by: 'far', at: T0 + 22_000 });
  assert.equal(r.rt.leg('A').times.endAt, T0 + 22_000);
  assert.equal(r.rt.leg('A').times.q850, 0, 'a party hanging up keeps no cause');
});

test('play: callStop mid-play ends the verb', async () => {
  const r = await answered(n('09'));
  const p = r.start((rt) => play(rt, 'A', long));
  await r.clock.advance(1000);
  r.run.stop();
  await r.clock.advance(0);
  assert.deepEqual(p.value, { type: 'ended', cause: 'stop', at: T0 + 3000 });
});

test('play: the network dropping the leg mid-play ends the verb (hangup by network) and the leg keeps the cause', async () => {
  const r = await answered(n('09'));
  const p = r.start((rt) => play(rt, 'A', long));
  await r.clock.advance(1000);
  await r.network.close();
  await r.clock.advance(0);
  assert.deepEqual(p.value, { type: 'ended', cause: 'hangup', leg: 'A', by: 'network', at: T0 + 3000 });
  assert.notEqual(r.rt.leg('A').times.q850, 0);
});

test('play: a file the network cannot play fails with 8006/524, TTS with 8005/8005, at the time it was asked', async () => {
  const r = await answered(n('09'));
  r.refuse('play');
  assert.deepEqual(await r.exec((rt) => play(rt, 'A', welcome), 0), { type: 'opFailed', at: T0 + 2000, failure: { stateCode: 8006, ulFailReason: 524 } });
  assert.deepEqual(await r.exec((rt) => say(rt, 'A', tts), 0), { type: 'opFailed', at: T0 + 2000, failure: { stateCode: 8005, ulFailReason: 8005 } });
  assert.equal(r.rt.ttsPlayTimes, 0, 'a TTS that did not play is not billed');
});

test('say: plays TTS and bills each play in whole seconds of its length when it starts', async () => {
  const r = await answered(n('09'));
  const first = await r.exec((rt) => say(rt, 'A', tts), 2500);
  assert.deepEqual(first, { type: 'played', at: T0 + 4500, durationMs: 2500, interrupted: false });
  const second = r.start((rt) => say(rt, 'A', tts));
  await r.clock.advance(0);
  assert.equal(second.value, undefined, 'still playing');
  assert.deepEqual([r.rt.ttsPlayTimes, r.rt.ttsTransDuration], [2, 6]);
});

test('say: only TTS is said', async () => {
  const r = await answered(n('09'));
  await assert.rejects(r.exec((rt) => say(rt, 'A', welcome), 0), /say plays TTS, not file/);
});

test('a verb run after the call ended returns the same end at once, without acting', async () => {
  const r = await answered(n('01'));
  const first = await r.exec((rt) => play(rt, 'A', long), 20_000);
  assert.equal(first.type, 'ended');
  const actions = r.network.trace.length;
  assert.deepEqual(await r.exec((rt) => say(rt, 'A', tts), 0), first);
  assert.deepEqual(await r.exec((rt) => gather(rt, 'A', { maxDigits: 1, timeoutMs: 5000 }), 0), first);
  assert.deepEqual(await r.exec((rt) => dial(rt, 'B'), 0), first);
  assert.equal(r.network.trace.length, actions, 'nothing asked of the network');
  assert.equal(r.rt.ttsPlayTimes, 0, 'nothing billed');
});
