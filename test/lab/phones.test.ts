// Two real baresip phones on 127.0.0.1: a call between them carries each one's tone to the other,
// RFC 4733 digits arrive one event each, a hangup ends both sides, the recordings are closed WAVs
// and stop() leaves no process behind.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startPhone, type Phone } from '../../scripts/lab/baresip.js';
import { tcpPortFree, udpPortFree } from '../../scripts/lab/free-port.js';
import { analyzeWav, tone } from '../../scripts/lab/wav-analysis.js';
import { waitUntil } from '../../scripts/lab/wait.js';
import { sine, writeWav } from '../../scripts/lab/wav-file.js';

const phones: Phone[] = [];
after(async () => {
  await Promise.all(phones.map((p) => p.stop()));
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('A dials B: tones both ways, digits 1 2 # arrive, hangup closes both, stop leaves nothing', async () => {
  const [a, b] = await Promise.all([
    startPhone({ name: 'alice', tone: { frequencyHz: 440 } }),
    startPhone({ name: 'bob', tone: { frequencyHz: 660 } }),
  ]);
  phones.push(a, b);
  assert.match(b.uri, /^sip:bob@127\.0\.0\.1:\d+$/);
  assert.notEqual(a.sipPort, b.sipPort);

  await a.dial(b.uri);
  const estA = await a.waitFor('CALL_ESTABLISHED');
  const estB = await b.waitFor('CALL_ESTABLISHED');
  // Auto-answer raises no CALL_INCOMING in baresip 1.0: the offer, the answer, then established
  // (CALL_RTCP, periodic statistics, lands anywhere).
  const upTo = b.events.indexOf(estB) + 1;
  assert.deepEqual(
    b.events.slice(0, upTo).filter((e) => e.type !== 'CALL_RTCP').map((e) => `${e.type}(${e.param})`),
    ['CALL_REMOTE_SDP(offer)', 'CALL_LOCAL_SDP(answer)', 'CALL_ESTABLISHED(sip:alice@127.0.0.1)'],
  );
  assert.equal(estB.direction, 'incoming');
  assert.equal(estA.callId, estB.callId);
  assert.equal(estA.direction, 'outgoing');

  await a.sendDigits('12#');
  // Each digit is one CALL_DTMF_START carrying it, then one CALL_DTMF_END (no param).
  await b.waitFor('CALL_DTMF_END', (e) => b.events.filter((x) => x.type === 'CALL_DTMF_END').indexOf(e) === 2);
  const dtmf = b.events.filter((e) => e.type.startsWith('CALL_DTMF'));
  assert.deepEqual(
    dtmf.map((e) => `${e.type}${e.param ? `(${e.param})` : ''}`),
    ['CALL_DTMF_START(1)', 'CALL_DTMF_END', 'CALL_DTMF_START(2)', 'CALL_DTMF_END', 'CALL_DTMF_START(#)', 'CALL_DTMF_END'],
  );
  assert.equal(b.digitsReceived(), '12#');
  assert.equal(a.digitsReceived(), '');

  await a.hangup();
  const closedA = await a.waitFor('CALL_CLOSED');
  const closedB = await b.waitFor('CALL_CLOSED');
  assert.equal(closedB.callId, estB.callId);
  assert.match(closedB.param ?? '', /reset by peer/);
  assert.match(closedA.param ?? '', /reset by user/);

  const [heardA] = await a.heard();
  const [heardB] = await b.heard();
  assert.ok(heardA && existsSync(heardA) && heardB && existsSync(heardB));
  const ra = analyzeWav(heardA, { frequencies: [440, 660] });
  const rb = analyzeWav(heardB, { frequencies: [440, 660] });
  // The call lasted the digits' time (about 0.75 s) at least; each phone heard the other's tone
  // through most of it and never its own.
  for (const [r, other, own] of [[ra, 660, 440], [rb, 440, 660]] as const) {
    assert.ok(r.durationS > 0.5, `duration ${r.durationS}`);
    assert.ok(tone(r, other).fraction > 0.8, `${other} Hz in ${tone(r, other).fraction} of frames`);
    assert.ok(tone(r, other).dbfs > -20, `${other} Hz at ${tone(r, other).dbfs} dBFS`);
    assert.equal(tone(r, own).seconds, 0);
  }

  await Promise.all([a.stop(), b.stop()]);
  assert.equal(alive(a.pid) || alive(b.pid), false);
  assert.equal(existsSync(a.dir) || existsSync(b.dir), false);
  for (const p of [a, b]) {
    assert.ok((await udpPortFree(p.sipPort)) && (await tcpPortFree(p.sipPort)) && (await tcpPortFree(p.ctrlPort)), `${p.name}'s ports free`);
  }
});

test('autoAnswer false: B rings (CALL_INCOMING, A gets CALL_RINGING) until answer(); B hangs up', async () => {
  const [a, b] = await Promise.all([startPhone({ name: 'carol', codec: 'PCMA' }), startPhone({ name: 'dave', autoAnswer: false, codec: 'PCMA' })]);
  phones.push(a, b);
  await a.dial(b.uri);
  const incoming = await b.waitFor('CALL_INCOMING');
  assert.equal(incoming.param, 'sip:carol@127.0.0.1');
  await a.waitFor('CALL_RINGING');
  assert.equal(a.events.some((e) => e.type === 'CALL_ESTABLISHED'), false);
  await b.answer();
  await a.waitFor('CALL_ESTABLISHED');
  // codec: 'PCMA' is the only one offered: baresip logs the decoder it set (its output reaches us
  // on a pipe, possibly after the event).
  await waitUntil(() => /Set audio decoder: PCMA 8000Hz/.test(a.log()), 5000, 'the PCMA decoder in baresip output');
  assert.doesNotMatch(a.log(), /Set audio decoder: PCMU/);
  await b.hangup();
  assert.match((await a.waitFor('CALL_CLOSED')).param ?? '', /reset by peer/);
  // Silence both ways (no tone given): recorded, but no frame above the silence threshold.
  const [heard] = await a.heard();
  assert.ok(heard);
  assert.equal(analyzeWav(heard).activeFraction, 0);
});

test('a phone plays a given WAV (16 kHz, resampled by sox): the far end hears it while the call is up', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'voxcall-lab-prompt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const prompt = join(dir, 'prompt.wav');
  writeWav(prompt, sine(1000, 2, { sampleRate: 16000 }), { sampleRate: 16000 });
  const [a, b] = await Promise.all([startPhone({ name: 'erin', tone: { wav: prompt } }), startPhone({ name: 'frank' })]);
  phones.push(a, b);
  await a.dial(b.uri);
  await b.waitFor('CALL_ESTABLISHED');
  // The open recording grows as audio arrives: wait until it holds half a second of the prompt.
  const holds = () => b.recordings().some((f) => tone(analyzeWav(f, { frequencies: [1000] }), 1000).seconds >= 0.5);
  await waitUntil(holds, 10_000, 'half a second of 1000 Hz in what frank hears');
  await a.hangup();
  await b.waitFor('CALL_CLOSED');
  const [heard] = await b.heard();
  assert.ok(heard);
  const r = analyzeWav(heard, { frequencies: [1000, 440] });
  assert.ok(tone(r, 1000).seconds >= 0.5 && tone(r, 440).seconds === 0, JSON.stringify(r.tones));
});

test('a phone answers only its own user part: name it by the number voxcall dials (+E.164 works)', async () => {
  const [a, b] = await Promise.all([startPhone({ name: 'grace' }), startPhone({ name: '+8613800000000' })]);
  phones.push(a, b);
  assert.equal(b.uri, `sip:+8613800000000@127.0.0.1:${b.sipPort}`);
  await a.dial(`sip:8613800000000@127.0.0.1:${b.sipPort}`);
  const refused = await a.waitFor('CALL_CLOSED');
  assert.match(refused.param ?? '', /404 Not Found/);
  await a.dial(b.uri);
  const est = await a.waitFor('CALL_ESTABLISHED');
  await a.hangup();
  await b.waitFor('CALL_CLOSED', (e) => e.callId === est.callId);
});

test('maxCallSeconds bounds a call: the callee ends it when its sound file runs out', async () => {
  const [a, b] = await Promise.all([startPhone({ name: 'heidi' }), startPhone({ name: 'ivan', maxCallSeconds: 0.5 })]);
  phones.push(a, b);
  await a.dial(b.uri);
  await b.waitFor('CALL_ESTABLISHED');
  assert.equal((await b.waitFor('CALL_CLOSED')).param, 'end of file');
  assert.equal((await b.waitFor('AUDIO_ERROR')).param, '0,end of file');
  assert.equal((await a.waitFor('CALL_CLOSED')).param, 'Connection reset by peer');
});
