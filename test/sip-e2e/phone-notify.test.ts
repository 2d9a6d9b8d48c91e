// A baresip phone (named by the number voxcall dials) as the SIP trunk of a platform configured
// with VOXCALL_NETWORK=sip: a voice notification (voice file and TTS template) and a verification
// code call reach it; it records what it hears; its RFC 4733 key comes back as collectInfo; the
// CDR bills the length of the real synthesis.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeWav, startPhone, tone, waitUntil, type Phone, type WavAnalysis } from '../../scripts/lab/index.js';
import { encodeUrlParam } from '../../src/client/index.js';
import { fillTemplate } from '../../src/domain/template.js';
import { DEMO_NUMBERS, DEMO_TEMPLATE } from '../../src/platform/seed.js';
import { assertFeeShape, assertSigned, assertStatusShape, feeItems } from '../helpers/expect.js';
import { Receiver } from '../helpers/receiver.js';
import { startSipPlatform, type SipTestPlatform } from '../helpers/sip-platform.js';
import { ended } from './outcome-pushes.js';
import { heardAll, heardSoFar, newRecording, playedAnalysis, referenceLibrary } from './phone-audio.js';

const NUMBER = '+8613800000011';
const PARAS = ['3', '人民公园正门'];
/** welcome.wav (seeded in the data dir): 3 s of 440 Hz beeps. */
const welcome = () => library.load({ kind: 'file', name: 'welcome.wav', durationMs: 3000, path: join(p.dataDir, 'media', 'welcome.wav') });

let phone: Phone;
let p: SipTestPlatform;
let rx: Receiver;
const library = referenceLibrary();

before(async () => {
  phone = await startPhone({ name: NUMBER });
  p = await startSipPlatform({ trunk: `sip:127.0.0.1:${phone.sipPort};transport=udp` });
  rx = await new Receiver().start();
});

after(async () => {
  await p?.close();
  await rx?.close();
  await phone?.stop();
});

const urls = () => ({ statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`) });
const pushesOf = (sid: string) => rx.on('/status').filter((x) => x.body.statusInfo.sessionId === sid);
const cdrOf = (sid: string) => feeItems(rx).find((f) => f.sessionId === sid)!;

test('the platform is up on the phone as its trunk (the phone answered the OPTIONS ping)', async () => {
  const h = await p.health();
  assert.equal(h.status, 200);
  assert.deepEqual([h.body.network?.kind, h.body.network?.state], ['sip', 'up']);
});

test('notification: the voice file and the TTS reach the phone, its key comes back as collectInfo, the CDR bills the real synthesis', async () => {
  const text = fillTemplate(DEMO_TEMPLATE.content, PARAS);
  const speech = await library.load({ kind: 'tts', name: text, durationMs: 0 });
  const estimateS = Math.ceil(([...text].length * 250) / 1000);
  const realS = Math.ceil(speech.durationMs / 1000);
  assert.notEqual(realS, estimateS, 'the text must tell the real synthesis from the 4-chars-per-second estimate');
  const seen = heardSoFar(phone);
  const since = Date.now();
  const res = await p.client.callNotify({
    displayNbr: DEMO_NUMBERS[0]!,
    calleeNbr: NUMBER,
    playInfoList: [{ notifyVoice: 'welcome.wav' }, { templateId: DEMO_TEMPLATE.id, templateParas: PARAS, collectInd: 1 }],
    ...urls(),
    userData: 'phone',
  } as never);
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  const sid = res.body.sessionId as string;
  await phone.waitFor('CALL_ESTABLISHED', (e) => e.at >= since);
  // The collection opens when the TTS has played: press once the phone has heard all of it.
  const tones = await welcome();
  const playedMs = tones.durationMs + speech.durationMs;
  const played = playedAnalysis([tones.pcm, speech.pcm], [440]);
  await waitUntil(() => heardAll(phone, seen, played), playedMs + 15_000, 'the phone to hear the whole notification', 50);
  await phone.sendDigits('1');
  await ended(rx, sid, 15_000);

  const status = pushesOf(sid);
  assert.deepEqual(status.map((x) => x.body.eventType), ['callout', 'alerting', 'answer', 'collectInfo', 'disconnect']);
  for (const x of status) assertStatusShape(x, ['userData']);
  assert.equal(status[3]!.body.statusInfo.digitInfo, '1');
  const cdr = cdrOf(sid);
  assertFeeShape(cdr, 'notify', ['dynIVRStartTime', 'dynIVRPath', 'userData']);
  assert.equal(cdr.dynIVRPath, '1');
  assert.equal(cdr.ttsPlayTimes, 1);
  assert.equal(cdr.ttsTransDuration, realS, `billed ${cdr.ttsTransDuration} s; the synthesis lasts ${speech.durationMs} ms`);

  await phone.waitFor('CALL_CLOSED', (e) => e.at >= since);
  const [file] = (await phone.heard()).filter((f) => !seen.has(f));
  assert.ok(file, 'the phone recorded the call');
  const heard = analyzeWav(file, { frequencies: [440] });
  // It heard the file and the speech, then silence while the collection waited for its key.
  assert.ok(heard.durationS >= playedMs / 1000 - 0.2 && heard.durationS < playedMs / 1000 + 5, `heard ${heard.durationS} s for ${playedMs} ms played`);
  sameSound(heard, played);
  t('notification', { playedMs, heardS: heard.durationS, activeS: heard.activeSeconds, playedActiveS: played.activeSeconds, toneS: tone(heard, 440).seconds, playedToneS: tone(played, 440).seconds, speechMs: speech.durationMs, rmsDbfs: heard.rmsDbfs });
});

test('verification code: the pre-tone and the code read twice by TTS reach the phone', async () => {
  const code = await library.load({ kind: 'digits', name: '1234', durationMs: 0 });
  const seen = heardSoFar(phone);
  const since = Date.now();
  const res = await p.client.callVerify({
    displayNbr: DEMO_NUMBERS[2]!, calleeNbr: NUMBER, languageType: 2, preTone: 'welcome.wav', verifyCode: '1234', times: 2, ...urls(),
  } as never);
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  const sid = res.body.sessionId as string;
  await ended(rx, sid, 30_000);
  const status = pushesOf(sid);
  assert.deepEqual(status.map((x) => x.body.eventType), ['callout', 'alerting', 'answer', 'disconnect']);
  for (const x of status) assertStatusShape(x);
  assertFeeShape(cdrOf(sid), 'verify');
  assert.equal(status[3]!.body.statusInfo.stateCode, 0);

  await phone.waitFor('CALL_CLOSED', (e) => e.at >= since);
  const [file] = (await phone.heard()).filter((f) => !seen.has(f));
  assert.ok(file && newRecording(phone, seen) === file, 'the phone recorded the call');
  const heard = analyzeWav(file, { frequencies: [440] });
  const tones = await welcome();
  const played = playedAnalysis([tones.pcm, code.pcm, code.pcm], [440]);
  // The platform hangs up when the last reading has played: the phone heard all of it, no more.
  assert.ok(Math.abs(heard.durationS - played.durationS) < 0.6, `heard ${heard.durationS} s for ${played.durationS} s played`);
  sameSound(heard, played);
  t('verify', { playedS: played.durationS, heardS: heard.durationS, activeS: heard.activeSeconds, playedActiveS: played.activeSeconds, codeMs: code.durationMs });
});

test('every push was signed', () => {
  assertSigned(rx, p.platform.demo.appKey, p.platform.demo.appSecret);
});

/**
 * The phone heard what was played: as many seconds of 440 Hz and of sound, within a frame or
 * ten (packets at the edges, the last frames a recording loses).
 */
function sameSound(heard: WavAnalysis, played: WavAnalysis): void {
  assert.ok(Math.abs(tone(heard, 440).seconds - tone(played, 440).seconds) < 0.2, `440 Hz for ${tone(heard, 440).seconds} s, played ${tone(played, 440).seconds} s`);
  assert.ok(Math.abs(heard.activeSeconds - played.activeSeconds) < 0.3, `sound for ${heard.activeSeconds} s, played ${played.activeSeconds} s`);
}

/** Figures for the report (node --test prints diagnostics). */
function t(what: string, figures: Record<string, number>): void {
  process.stdout.write(`# ${what}: ${JSON.stringify(figures)}\n`);
}
