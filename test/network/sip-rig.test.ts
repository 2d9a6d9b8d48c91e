// The SIPp rig a contract run will use, driven here through the SIP network with the media test
// double: every failure number, the far hang-up, and digits pressed by SIPp as RFC 4733 packets
// (collect: max, terminator, barge-in, timeout). Checks the rig and the network's collect logic.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FAILURE_TABLE } from '../../src/network/outcomes.js';
import { SipNetwork } from '../../src/network/sip/network.js';
import type { LegFailure, LegSignal, NetworkLeg } from '../../src/network/types.js';
import { NetworkError } from '../../src/network/types.js';
import { MediaDouble } from './sipp/media-double.js';
import { startSippRig, type SippRig } from './sipp/rig.js';
import { until } from './sipp/until.js';

let rig: SippRig;
let net: SipNetwork;
let media: MediaDouble;

before(async () => {
  rig = await startSippRig({ hangUpAfterMs: 500 });
  net = new SipNetwork({
    listen: { address: '127.0.0.1', port: 0 },
    trunk: rig.trunk,
    route: rig.route,
    numberFormat: { style: 'e164' },
    media: (media = new MediaDouble()),
    audio: async (m) => ({ pcm: new Int16Array(m.durationMs * 8), durationMs: m.durationMs }),
    timers: { t1: 40, t2: 160, t4: 200 },
  });
  await net.start();
});

after(async () => {
  await net.close();
  await rig.dispose();
});

async function dial(to: string, ringTimeoutMs = 3000) {
  const signals: LegSignal[] = [];
  const leg: NetworkLeg = net.dial({ sessionId: `rig-${to}`, leg: 'A', from: '+8675500000000', to, ringTimeoutMs }, (s) => signals.push(s));
  const has = (t: LegSignal['type']) => signals.some((s) => s.type === t);
  const get = <T extends LegSignal['type']>(t: T) => signals.find((s) => s.type === t) as Extract<LegSignal, { type: T }>;
  return { signals, leg, has, get };
}

async function answered(to: string) {
  const line = await dial(to, 10_000);
  await until(() => line.has('answer') || line.has('failed'), 10_000, 'answer');
  assert.deepEqual(line.signals.map((s) => s.type), ['alerting', 'answer']);
  return line;
}

test('the trunk answered the OPTIONS ping', () => {
  assert.equal(net.health().state, 'up');
});

for (const failure of Object.keys(FAILURE_TABLE) as LegFailure[]) {
  test(`rig number for ${failure} fails the leg with its codes`, async () => {
    const line = await dial(rig.numbers.failures[failure]);
    await until(() => line.has('failed'), 10_000, 'failed');
    const f = line.get('failed');
    assert.deepEqual([f.failure, f.q850, f.sipStatus], [failure, FAILURE_TABLE[failure].q850, FAILURE_TABLE[failure].sip]);
  });
}

test('the hangsUp number hangs up by itself (far, 16)', async () => {
  const line = await answered(rig.numbers.hangsUp);
  await until(() => line.has('hangup'), 10_000, 'hangup');
  assert.deepEqual([line.get('hangup').by, line.get('hangup').q850], ['far', 16]);
});

test('collect ends at maxDigits with one dtmf per RFC 4733 key', async () => {
  const line = await answered(rig.numbers.pressing['12']);
  await line.leg.collect({ maxDigits: 2, timeoutMs: 8000 });
  await until(() => line.has('digits'), 10_000, 'digits');
  assert.deepEqual(line.signals.filter((s) => s.type === 'dtmf').map((s) => s.type === 'dtmf' && s.digit), ['1', '2']);
  assert.deepEqual([line.get('digits').digits, line.get('digits').reason], ['12', 'max']);
  line.leg.release();
});

test('collect ends at the terminator', async () => {
  const line = await answered(rig.numbers.pressing['1#']);
  await line.leg.collect({ maxDigits: 4, timeoutMs: 8000, terminator: '#' });
  await until(() => line.has('digits'), 10_000, 'digits');
  assert.deepEqual([line.get('digits').digits, line.get('digits').reason], ['1', 'terminator']);
  line.leg.release();
});

test('a key with interruptsPlay stops the play (played interrupted)', async () => {
  const line = await answered(rig.numbers.pressing['5']);
  const play = await line.leg.play({ kind: 'file', name: 'long.wav', durationMs: 10_000 });
  assert.equal(play.durationMs, 10_000);
  await line.leg.collect({ maxDigits: 1, timeoutMs: 8000, interruptsPlay: true });
  await until(() => line.has('digits') && line.has('played'), 10_000, 'digits and played');
  const p = line.get('played');
  assert.deepEqual([p.playId, p.interrupted], [play.playId, true]);
  assert.ok(p.durationMs < 10_000);
  line.leg.release();
});

test('collect with no key ends at the timeout with nothing; a stopped play never signals', async () => {
  const line = await answered(rig.numbers.answers);
  const loop = await line.leg.play({ kind: 'file', name: 'tone.wav', durationMs: 300 });
  line.leg.stopPlay(loop.playId);
  const t0 = Date.now();
  await line.leg.collect({ maxDigits: 2, timeoutMs: 1000 });
  await until(() => line.has('digits'), 3000, 'digits');
  assert.ok(Date.now() - t0 >= 990);
  assert.deepEqual([line.get('digits').digits, line.get('digits').reason], ['', 'timeout']);
  assert.equal(line.has('played'), false);
  line.leg.release();
  await assert.doesNotReject(line.leg.play({ kind: 'tts', name: 'x', durationMs: 10 }));
});

test('bridge and record go through the legs\' media sessions (the record hint tone included); an unanswered leg does not bridge', async () => {
  const a = await answered(rig.numbers.answers);
  const b = await answered(rig.numbers.answers);
  const ringing = await dial(rig.numbers.failures.no_answer, 20_000);
  await assert.rejects(net.bridge(a.leg, ringing.leg), (e) => e instanceof NetworkError && e.code === 'bridge');
  await net.bridge(a.leg, b.leg);
  const bridged = media.sessions.filter((s) => s.bridgedWith !== undefined);
  assert.equal(bridged.length, 1);
  const sa = bridged[0]!;
  assert.ok(media.sessions.includes(sa.bridgedWith as never) && sa.bridgedWith !== sa);
  const recorder = await net.record(a.leg, b.leg, { path: '/tmp/x.wav', hintToneMs: 500 });
  assert.deepEqual(sa.recording, { path: '/tmp/x.wav', hintSamples: 4000 });
  assert.equal((await recorder.stop()).path, '/tmp/x.wav');
  for (const l of [a, b, ringing]) l.leg.release();
});
