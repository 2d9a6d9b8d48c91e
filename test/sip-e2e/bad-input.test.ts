// Bad input at a whole platform on SIP (a baresip phone as its trunk): malformed SIP datagrams, an
// INVITE for a number nothing serves, a flood of 2,000 OPTIONS, RTP and RFC 4733 keys from an
// unexpected source aimed at every port of a live call. After each, /health answers 200 with the
// network up; the call under attack and a call placed afterwards complete as if nothing happened.

import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeWav, startPhone, tone, waitUntil, type Phone } from '../../scripts/lab/index.js';
import { encodeUrlParam } from '../../src/client/index.js';
import { fillTemplate } from '../../src/domain/template.js';
import { DEMO_NUMBERS, DEMO_TEMPLATE } from '../../src/platform/seed.js';
import { Receiver } from '../helpers/receiver.js';
import { startSipPlatform, type SipTestPlatform } from '../helpers/sip-platform.js';
import { callRefused } from '../network/sipp/callers.js';
import { requireSipp, startSipp } from '../network/sipp/sipp.js';
import { ended } from './outcome-pushes.js';
import { heardAll, heardMs, heardSoFar, playedAnalysis, referenceLibrary } from './phone-audio.js';

const NUMBER = '+8613800000031';
const PARAS = ['3', '人民公园正门'];

let phone: Phone;
let p: SipTestPlatform;
let rx: Receiver;
let sock: Socket;
const replies: string[] = [];
const library = referenceLibrary();

before(async () => {
  requireSipp();
  phone = await startPhone({ name: NUMBER });
  p = await startSipPlatform({ trunk: `sip:127.0.0.1:${phone.sipPort};transport=udp` });
  rx = await new Receiver().start();
  sock = createSocket('udp4');
  sock.on('message', (b) => replies.push(b.toString('latin1')));
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
});

after(async () => {
  sock?.close();
  await p?.close();
  await rx?.close();
  await phone?.stop();
});

async function healthy(): Promise<void> {
  const h = await p.health();
  assert.equal(h.status, 200);
  assert.deepEqual([h.body.status, h.body.network?.kind, h.body.network?.state], ['ok', 'sip', 'up']);
}

test('malformed SIP datagrams are dropped and counted; the platform stays up', async () => {
  const junk = [
    'garbage',
    'INVITE sip:x SIP/2.0\r\n\r\n',
    '\u0000'.repeat(100),
    'SIP/2.0 200 OK\r\nVia: bad\r\n\r\n',
    'A'.repeat(60_000),
    'INVITE sip:+8613800000031@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx\r\nContent-Length: 9999\r\n\r\nv=0',
    'OPTIONS sip:voxcall@127.0.0.1 SIP/2.0\r\nCSeq: x\r\n\r\n',
  ];
  const before = p.network.stats.malformed;
  for (const j of junk) sock.send(j, p.sipPort, '127.0.0.1');
  await waitUntil(() => p.network.stats.malformed === before + junk.length, 5000, `${junk.length} datagrams counted malformed (${p.network.stats.malformed - before})`);
  await healthy();
});

test('an INVITE for a number nothing serves is refused 404 with Reason Q.850 cause 1 (unallocated, src/platform/inbound-refusal.ts), and ACKed', async () => {
  const caller = await startSipp({ name: 'e2e-inbound', xml: callRefused(404, 1), target: `127.0.0.1:${p.sipPort}` });
  const r = await caller.result(15_000);
  assert.equal(r.code, 0, `sipp (caller) failed: ${r.errors}`);
  await healthy();
});

const options = (port: number, i: number) =>
  `OPTIONS sip:voxcall@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKe2eflood${i};rport\r\nFrom: <sip:x@127.0.0.1>;tag=f${i}\r\nTo: <sip:voxcall@127.0.0.1>\r\nCall-ID: e2e-flood-${i}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;

test('a flood of 2,000 OPTIONS is answered and counted; the platform stays up', async () => {
  const before = p.network.stats.options;
  const answered = () => replies.filter((r) => r.startsWith('SIP/2.0 200') && r.includes('e2e-flood-')).length;
  const t0 = Date.now();
  // UDP drops what a socket buffer cannot hold (a burst of 200 lost a sixth of it here): bursts
  // of 50, each sent at once, the next when all are answered.
  const n = 2000;
  for (let i = 1; i <= n; i++) {
    sock.send(options(sock.address().port, i), p.sipPort, '127.0.0.1');
    if (i % 50 === 0) await waitUntil(() => answered() === i, 10_000, `the answers to ${i} OPTIONS`);
  }
  const ms = Date.now() - t0;
  assert.equal(p.network.stats.options - before, n);
  process.stdout.write(`# flood: ${n} OPTIONS answered in ${ms} ms\n`);
  await healthy();
});

test('2,000 OPTIONS at once: what reaches the platform is answered, and so is a request sent after them', async () => {
  // Our own buffer holds every answer (the kernel caps it at net.core.rmem_max).
  const blaster = createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
  const got: string[] = [];
  blaster.on('message', (b) => got.push(b.toString('latin1')));
  await new Promise<void>((r) => blaster.bind(0, '127.0.0.1', () => r()));
  try {
    const before = p.network.stats.options;
    const port = blaster.address().port;
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 2000 }, (_, i) => new Promise<void>((r) => blaster.send(options(port, 10_000 + i), p.sipPort, '127.0.0.1', () => r()))));
    const sent = Date.now() - t0;
    // The request after the flood is repeated until answered, as a SIP client does (timer E):
    // the platform's socket buffer may be full when it comes.
    const sentinel = options(port, 99_999);
    const answeredSentinel = () => got.some((r) => r.includes('e2e-flood-99999'));
    const resend = setInterval(() => blaster.send(sentinel, p.sipPort, '127.0.0.1'), 200);
    blaster.send(sentinel, p.sipPort, '127.0.0.1');
    try {
      await waitUntil(answeredSentinel, 10_000, 'the answer to an OPTIONS sent after the flood');
    } finally {
      clearInterval(resend);
    }
    const counted = p.network.stats.options - before;
    const answered = got.filter((r) => r.startsWith('SIP/2.0 200') && !r.includes('e2e-flood-99999')).length;
    // Loopback UDP drops what the receiving buffers cannot hold; whatever the platform read, it answered.
    assert.ok(answered > 0 && answered <= 2000, `${answered} of the flood answered`);
    assert.ok(counted >= answered, `${counted} counted, ${answered} answers received`);
    process.stdout.write(`# blast: 2000 OPTIONS sent in ${sent} ms; the platform read ${counted} (sentinel repeats included), ${answered} answers came back; sentinel answered ${Date.now() - t0} ms after the first\n`);
    await healthy();
  } finally {
    blaster.close();
  }
});

/** An RTP packet (RFC 3550) from a stranger: version 2, the payload type and payload given. */
function rtp(pt: number, seq: number, ts: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(12);
  h[0] = 0x80;
  h[1] = pt & 0x7f;
  h.writeUInt16BE(seq & 0xffff, 2);
  h.writeUInt32BE(ts >>> 0, 4);
  h.writeUInt32BE(0x5eed5eed, 8);
  return Buffer.concat([h, payload]);
}

test('RTP and keys from an unexpected source at every port of a live call change nothing: the phone hears all, its key is collected', async () => {
  const text = fillTemplate(DEMO_TEMPLATE.content, PARAS);
  const speech = await library.load({ kind: 'tts', name: text, durationMs: 0 });
  const tones = await library.load({ kind: 'file', name: 'welcome.wav', durationMs: 3000, path: join(p.dataDir, 'media', 'welcome.wav') });
  const seen = heardSoFar(phone);
  const since = Date.now();
  const res = await p.client.callNotify({
    displayNbr: DEMO_NUMBERS[0]!, calleeNbr: NUMBER,
    playInfoList: [{ notifyVoice: 'welcome.wav' }, { templateId: DEMO_TEMPLATE.id, templateParas: PARAS, collectInd: 1 }],
    statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`),
  } as never);
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  const sid = res.body.sessionId as string;
  await phone.waitFor('CALL_ESTABLISHED', (e) => e.at >= since);
  await waitUntil(() => heardMs(phone, seen) >= 500, 10_000, 'the phone to hear the first half second');

  // A stranger (another port on the same host) sends loud A-law/µ-law noise and key 9 (PT 96-127)
  // to every port of the platform's RTP range, every 20 ms, until the notification has played.
  const stranger = createSocket('udp4');
  await new Promise<void>((r) => stranger.bind(0, '127.0.0.1', () => r()));
  let round = 0;
  let sent = 0;
  const noise = Buffer.alloc(160, 0x55 ^ 0x7f);
  const spray = setInterval(() => {
    round++;
    for (let port = p.rtpPorts.min; port <= p.rtpPorts.max; port++) {
      for (const pt of [0, 8]) stranger.send(rtp(pt, round, round * 160, noise), port, '127.0.0.1');
      for (let pt = 96; pt <= 127; pt += 5) stranger.send(rtp(pt, round, round * 160, Buffer.from([9, 0x8a, 0x03, 0x20])), port, '127.0.0.1');
      sent += 9;
    }
  }, 20);
  const playedMs = tones.durationMs + speech.durationMs;
  const played = playedAnalysis([tones.pcm, speech.pcm], [440]);
  try {
    await waitUntil(() => heardAll(phone, seen, played), playedMs + 15_000, 'the phone to hear the whole notification', 50);
  } finally {
    clearInterval(spray);
    stranger.close();
  }
  await phone.sendDigits('1');
  await ended(rx, sid, 15_000);
  const status = rx.on('/status').filter((x) => x.body.statusInfo.sessionId === sid);
  assert.deepEqual(status.map((x) => x.body.eventType), ['callout', 'alerting', 'answer', 'collectInfo', 'disconnect']);
  assert.equal(status[3]!.body.statusInfo.digitInfo, '1', 'the phone\'s key, not the stranger\'s 9');
  assert.equal(status[4]!.body.statusInfo.stateCode, 0);

  await phone.waitFor('CALL_CLOSED', (e) => e.at >= since);
  const [file] = (await phone.heard()).filter((f) => !seen.has(f));
  assert.ok(file, 'the phone recorded the call');
  const heard = analyzeWav(file, { frequencies: [440] });
  assert.ok(Math.abs(tone(heard, 440).seconds - tone(played, 440).seconds) < 0.2, `440 Hz for ${tone(heard, 440).seconds} s, played ${tone(played, 440).seconds} s`);
  assert.ok(Math.abs(heard.activeSeconds - played.activeSeconds) < 0.3, `sound for ${heard.activeSeconds} s, played ${played.activeSeconds} s`);
  process.stdout.write(`# stranger: ${sent} datagrams over ${round} rounds; phone heard ${heard.activeSeconds} s of sound (${played.activeSeconds} s played)\n`);
  await healthy();
});

test('a call placed after all of it completes', async () => {
  const res = await p.client.callVerify({
    displayNbr: DEMO_NUMBERS[2]!, calleeNbr: NUMBER, languageType: 2, preTone: 'welcome.wav', verifyCode: '42', times: 1,
    statusUrl: encodeUrlParam(`${rx.url}/status`), feeUrl: encodeUrlParam(`${rx.url}/fee`),
  } as never);
  assert.equal(res.body.resultcode, '0', JSON.stringify(res.body));
  const sid = res.body.sessionId as string;
  await ended(rx, sid, 30_000);
  const status = rx.on('/status').filter((x) => x.body.statusInfo.sessionId === sid);
  assert.deepEqual(status.map((x) => x.body.eventType), ['callout', 'alerting', 'answer', 'disconnect']);
  assert.equal(status[3]!.body.statusInfo.stateCode, 0);
  await healthy();
});
