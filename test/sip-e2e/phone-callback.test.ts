// A recorded voice callback between two baresip phones (the caller plays 440 Hz, the callee
// 660 Hz) through the platform on SIP: each hears the other (Goertzel on what they recorded), the
// recording fetched through the recording API is an A-law 8 kHz WAV holding both tones, and the
// pushes read as the simulated network's for the same call (both answer, the caller hangs up).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { analyzeSamples, analyzeWav, parseWav, readWav, startPhone, tone, waitUntil, type Phone } from '../../scripts/lab/index.js';
import { encodeUrlParam } from '../../src/client/index.js';
import { DEMO_NUMBERS } from '../../src/platform/seed.js';
import { assertFeeShape, assertSigned, assertStatusShape, feeItems } from '../helpers/expect.js';
import { startTestPlatform } from '../helpers/platform.js';
import { Receiver } from '../helpers/receiver.js';
import { startSipPlatform, type SipTestPlatform } from '../helpers/sip-platform.js';
import { ended, outcomeOf, type Outcome } from './outcome-pushes.js';
import { heardSoFar, newRecording } from './phone-audio.js';

const ALICE = '+8613800000021'; // the caller, 440 Hz
const BOB = '+8613800000022'; // the callee, 660 Hz
/** How long each must have heard the other before alice hangs up. */
const TALK_S = 2;

let alice: Phone;
let bob: Phone;
let p: SipTestPlatform;
let rx: Receiver;

before(async () => {
  [alice, bob] = await Promise.all([startPhone({ name: ALICE, tone: { frequencyHz: 440 } }), startPhone({ name: BOB, tone: { frequencyHz: 660 } })]);
  const uri = (ph: Phone) => `sip:127.0.0.1:${ph.sipPort};transport=udp`;
  p = await startSipPlatform({ trunk: uri(alice), overrides: { route: (n) => uri(n === BOB ? bob : alice) } });
  rx = await new Receiver().start();
});

after(async () => {
  await p?.close();
  await rx?.close();
  await Promise.all([alice?.stop(), bob?.stop()]);
});

const callback = (client: SipTestPlatform['client'], r: Receiver) => client.click2Call({
  displayNbr: DEMO_NUMBERS[0]!,
  callerNbr: ALICE,
  displayCalleeNbr: DEMO_NUMBERS[1]!,
  calleeNbr: BOB,
  recordFlag: 'true',
  statusUrl: encodeUrlParam(`${r.url}/status`),
  feeUrl: encodeUrlParam(`${r.url}/fee`),
  userData: 'phones',
} as never);

/** The same callback on the simulated network: both answer at once, the caller hangs up while they talk. */
async function simulated(): Promise<Outcome> {
  const sim = await startTestPlatform({
    rules: [
      { number: ALICE, outcome: 'answer', alertAfter: 0.1, answerAfter: 0.2, talk: 10 },
      { number: BOB, outcome: 'answer', alertAfter: 0.1, answerAfter: 0.2, talk: null },
    ],
  });
  const r = await new Receiver().start();
  try {
    const res = await callback(sim.client, r);
    const sid = res.body.sessionId as string;
    await sim.run(240_000);
    await ended(r, sid, 10_000);
    return outcomeOf(r, sid);
  } finally {
    await sim.close();
    await r.close();
  }
}

/** Seconds of a tone in a phone's recording of the current call, read while it is being written. */
function heardTone(phone: Phone, before: Set<string>, hz: number): number {
  const file = newRecording(phone, before);
  if (file === undefined) return 0;
  try {
    const wav = readWav(file);
    return tone(analyzeSamples(wav.samples, wav.sampleRate, { frequencies: [hz] }), hz).seconds;
  } catch {
    return 0;
  }
}

test('a recorded callback between two phones: both hear each other, the recording holds both, pushes as simulated', async () => {
  const reference = await simulated();
  const seenA = heardSoFar(alice);
  const seenB = heardSoFar(bob);
  const since = Date.now();
  const res = await callback(p.client, rx);
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  const sid = res.body.sessionId as string;
  const bobUp = await bob.waitFor('CALL_ESTABLISHED', (e) => e.at >= since, 20_000);
  const aliceUp = await alice.waitFor('CALL_ESTABLISHED', (e) => e.at >= since);
  await waitUntil(() => heardTone(alice, seenA, 660) >= TALK_S && heardTone(bob, seenB, 440) >= TALK_S, 20_000, 'both phones to hear each other');
  await alice.hangup();
  await ended(rx, sid, 15_000);

  assert.deepEqual(outcomeOf(rx, sid), reference, 'SIP pushes against the simulated network\'s');
  const status = rx.on('/status').filter((x) => x.body.statusInfo.sessionId === sid);
  for (const x of status) assertStatusShape(x, ['userData']);
  assert.deepEqual(status.map((x) => `${x.body.eventType}:${x.body.statusInfo.called}`), [
    `callout:${ALICE}`, `alerting:${ALICE}`, `answer:${ALICE}`, `callout:${BOB}`, `alerting:${BOB}`, `answer:${BOB}`, `disconnect:${ALICE}`,
  ]);
  const cdr = feeItems(rx).find((f) => f.sessionId === sid)!;
  assertFeeShape(cdr, 'callback', ['recordStartTime', 'recordObjectName', 'recordBucketName', 'recordDomain', 'recordFileDownloadUrl', 'userData']);
  assertSigned(rx, p.platform.demo.appKey, p.platform.demo.appSecret);

  await Promise.all([alice.waitFor('CALL_CLOSED', (e) => e.at >= since), bob.waitFor('CALL_CLOSED', (e) => e.at >= since)]);
  const [fileA] = (await alice.heard()).filter((f) => !seenA.has(f));
  const [fileB] = (await bob.heard()).filter((f) => !seenB.has(f));
  assert.ok(fileA && fileB, 'both phones recorded the call');
  // Before bob answers, alice hears the platform's prompt (the pre-voice, a 440 Hz tone here):
  // what she heard of the bridge starts at bob's answer.
  const fromBridge = readWav(fileA).samples.subarray(Math.round(((bobUp.at - aliceUp.at) / 1000 + 0.1) * 8000));
  const bridgeA = analyzeSamples(fromBridge, 8000, { frequencies: [440, 660] });
  const heardA = analyzeWav(fileA, { frequencies: [440, 660] });
  const heardB = analyzeWav(fileB, { frequencies: [440, 660] });
  assert.ok(tone(heardA, 660).seconds >= TALK_S, `alice heard 660 Hz for ${tone(heardA, 660).seconds} s`);
  assert.ok(tone(heardB, 440).seconds >= TALK_S, `bob heard 440 Hz for ${tone(heardB, 440).seconds} s`);
  // No echo of one's own tone: the bridge relays each direction to the other leg only.
  assert.ok(tone(bridgeA, 440).seconds < 0.2 * tone(bridgeA, 660).seconds, `alice heard her own 440 Hz for ${tone(bridgeA, 440).seconds} s`);
  assert.ok(tone(heardB, 660).seconds < 0.2 * tone(heardB, 440).seconds, `bob heard his own 660 Hz for ${tone(heardB, 660).seconds} s`);

  const link = await p.client.recordingUrl(cdr.recordObjectName as string, cdr.recordDomain as string);
  assert.equal(link.status, 301);
  // Connection: close: a kept-alive socket would hold the test process open for the server's keep-alive (72 s).
  const wav = await request(link.location!, { reset: true });
  assert.equal(wav.statusCode, 200);
  const rec = parseWav(Buffer.from(await wav.body.arrayBuffer()));
  assert.deepEqual([rec.encoding, rec.sampleRate, rec.channels], ['alaw', 8000, 1]);
  const recorded = analyzeSamples(rec.samples, rec.sampleRate, { frequencies: [440, 660] });
  assert.ok(tone(recorded, 440).seconds >= TALK_S, `the recording holds 440 Hz for ${tone(recorded, 440).seconds} s`);
  assert.ok(tone(recorded, 660).seconds >= TALK_S, `the recording holds 660 Hz for ${tone(recorded, 660).seconds} s`);
  process.stdout.write(`# callback: ${JSON.stringify({
    aliceHeard: { s: heardA.durationS, hz660: tone(heardA, 660).seconds, hz440FromBridge: tone(bridgeA, 440).seconds, hz440: tone(heardA, 440).seconds, dbfs660: tone(heardA, 660).dbfs },
    bobHeard: { s: heardB.durationS, hz440: tone(heardB, 440).seconds, hz660: tone(heardB, 660).seconds, dbfs440: tone(heardB, 440).dbfs },
    recording: { s: recorded.durationS, hz440: tone(recorded, 440).seconds, hz660: tone(recorded, 660).seconds },
  })}\n`);
});
