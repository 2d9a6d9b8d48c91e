// The receiving side: RFC 4733 digits (baresip's and SIPp's packet patterns give one 'dtmf' per
// key), RTP from anyone but the negotiated far end dropped, malformed datagrams ignored, the
// latching rule for private SDP addresses, and media_timeout.

import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { createMediaEngine, type RtpMediaEngine } from '../../src/network/media/engine.js';
import { buildRtp, buildTelephoneEvent, parseRtp, parseTelephoneEvent } from '../../src/network/media/rtp-packet.js';
import type { RtpStats } from '../../src/network/media/protocol.js';
import type { MediaEvent } from '../../src/network/media/types.js';
import { FarEnd, freeRange, waitFor } from './media-far-end.js';

const TE = 101;
let engine: RtpMediaEngine;
before(async () => {
  engine = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(8), silenceTimeoutMs: 0, workers: 1 });
});
after(() => engine.close());

async function leg(remote?: { address: string; port: number }) {
  const far = await FarEnd.open();
  const events: MediaEvent[] = [];
  const s = await engine.open((e) => events.push(e));
  s.connect({ remote: remote ?? far.peer, codec: 'PCMA', payloadType: 8, telephoneEventPt: TE });
  const digits = () => events.flatMap((e) => (e.type === 'dtmf' ? [e.digit] : []));
  return { far, events, s, digits };
}

/** Polls a session's counters (they live in the worker) until `cond` holds. */
async function statsUntil(s: { stats(): Promise<RtpStats> }, what: string, cond: (st: RtpStats) => boolean): Promise<RtpStats> {
  const deadline = performance.now() + 5000;
  for (;;) {
    const st = await s.stats();
    if (cond(st)) return st;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(st)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const counted = (st: RtpStats) => st.received + st.dropped.source + st.dropped.malformed + st.dropped.payloadType;

let seq = 1000;
/** baresip's pattern: 9 updates then 3 end packets, all with the event's start timestamp. */
async function sendDigit(far: FarEnd, port: number, event: number, timestamp: number, opts: { updates?: number; ends?: number } = {}) {
  const updates = opts.updates ?? 9;
  for (let i = 0; i < updates; i++) {
    await far.sendRtp(port, { marker: i === 0, payloadType: TE, seq: seq++, timestamp, ssrc: 77 }, buildTelephoneEvent({ event, end: false, volume: 10, duration: 160 * (i + 1) }));
  }
  for (let i = 0; i < (opts.ends ?? 3); i++) {
    await far.sendRtp(port, { marker: false, payloadType: TE, seq: seq++, timestamp, ssrc: 77 }, buildTelephoneEvent({ event, end: true, volume: 10, duration: 160 * (updates + 1) }));
  }
}

test('RFC 4733 digits as baresip sends them: one dtmf per key', async () => {
  const { far, s, digits } = await leg();
  await sendDigit(far, s.port, 1, 8000);
  await sendDigit(far, s.port, 11, 16000);
  await sendDigit(far, s.port, 1, 24000); // the same key again is a new event (new timestamp)
  await sendDigit(far, s.port, 5, 32000);
  await waitFor('the last digit', () => digits().includes('5'));
  assert.deepEqual(digits(), ['1', '#', '1', '5']);
  assert.equal((await s.stats()).dtmf, 4);
  s.close();
  far.close();
});

/** The RTP payloads of a pcap file (Ethernet + IPv4 + UDP framing, as SIPp's DTMF captures). */
function pcapRtp(path: string): Buffer[] {
  const d = readFileSync(path);
  const out: Buffer[] = [];
  for (let off = 24; off + 16 <= d.length; ) {
    const incl = d.readUInt32LE(off + 8);
    out.push(d.subarray(off + 16 + 42, off + 16 + incl));
    off += 16 + incl;
  }
  return out;
}

test("SIPp's dtmf_2833 captures (10 packets per key, end sent three times): one dtmf per key", async () => {
  const dir = '/usr/share/sip-tester';
  assert.ok(existsSync(`${dir}/dtmf_2833_1.pcap`), 'SIPp DTMF captures missing: apt-get install -y sip-tester');
  const { far, s, digits } = await leg();
  for (const key of ['1', 'pound', '9']) {
    const pkts = pcapRtp(`${dir}/dtmf_2833_${key}.pcap`);
    assert.equal(pkts.length, 10);
    for (const p of pkts) await far.send(s.port, p);
  }
  await waitFor('the third key', () => digits().length >= 3);
  await sendDigit(far, s.port, 0, 999_000); // a sentinel: nothing else was pending
  await waitFor('the sentinel', () => digits().length >= 4);
  assert.deepEqual(digits(), ['1', '#', '9', '0']);
  s.close();
  far.close();
});

test('a digit whose end packets were lost is reported when the next starts, or after a pause', async () => {
  const { far, s, digits } = await leg();
  await sendDigit(far, s.port, 4, 5000, { ends: 0 });
  await sendDigit(far, s.port, 7, 6000);
  await waitFor('two digits', () => digits().length >= 2);
  await sendDigit(far, s.port, 8, 7000, { ends: 0 });
  await waitFor('the unended last digit', () => digits().length >= 3);
  assert.deepEqual(digits(), ['4', '7', '8']);
  s.close();
  far.close();
});

test('RTP from another source is dropped and counted; malformed datagrams are ignored', async () => {
  const { far, s, digits } = await leg();
  const stranger = await FarEnd.open();
  await sendDigit(stranger, s.port, 3, 1000);
  const junk = [
    Buffer.alloc(0),
    Buffer.from([0x80]),
    Buffer.from('not rtp at all, a text datagram'),
    Buffer.from([0x40, 8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xd5]), // version 1
    Buffer.from([0x8f, 8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]), // 15 CSRCs announced, none there
    Buffer.from([0x90, 8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xbe, 0xde, 0, 9]), // extension longer than the packet
    Buffer.from([0xa0, 8, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xd5, 200]), // padding longer than the payload
    Buffer.from([0x80, TE, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 5]), // a telephone event cut short
  ];
  for (const j of junk) await far.send(s.port, j);
  await sendDigit(far, s.port, 2, 2000);
  await waitFor('the real far end digit', () => digits().length >= 1);
  assert.deepEqual(digits(), ['2']);
  const stats = await s.stats();
  assert.equal(stats.dropped.source, 12);
  assert.equal(stats.dropped.malformed, junk.length);
  stranger.close();
  s.close();
  far.close();
});

test('a private SDP address: the session latches on the first packet and sends there', async () => {
  const far = await FarEnd.open();
  const events: MediaEvent[] = [];
  const s = await engine.open((e) => events.push(e));
  s.connect({ remote: { address: '192.168.77.5', port: 4000 }, codec: 'PCMU', payloadType: 0, telephoneEventPt: TE });
  await far.sendRtp(s.port, { marker: true, payloadType: 0, seq: 1, timestamp: 0, ssrc: 5 }, new Uint8Array(160).fill(0xff));
  await waitFor('RTP sent to the latched source', () => far.packets.length >= 3);
  assert.deepEqual((await s.stats()).remote, far.peer);
  const other = await FarEnd.open();
  await sendDigit(other, s.port, 6, 100);
  await sendDigit(far, s.port, 9, 200);
  await waitFor('the latched source digit', () => events.length >= 1);
  assert.deepEqual(events, [{ type: 'dtmf', digit: '9' }]);
  other.close();
  s.close();
  far.close();
});

test('a private SDP address and the SIP peer known: a stranger sending first is not latched on', async () => {
  // Another host, as far as addresses go: all of 127/8 is this machine's loopback.
  const stranger = createSocket('udp4');
  await new Promise<void>((resolve) => stranger.bind(0, '127.0.0.2', resolve));
  const far = await FarEnd.open();
  const s = await engine.open(() => undefined);
  s.connect({ remote: { address: '10.1.2.3', port: 4000 }, codec: 'PCMA', payloadType: 8, signalling: '127.0.0.1' });
  try {
    const audio = (seq: number) => buildRtp({ marker: false, payloadType: 8, seq, timestamp: seq * 160, ssrc: 9 }, new Uint8Array(160).fill(0xd5));
    await new Promise<void>((resolve, reject) => stranger.send(audio(1), s.port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
    const stats = await statsUntil(s, "the stranger's packet counted", (st) => st.dropped.source + st.received > 0);
    assert.equal(stats.dropped.source, 1, "the stranger's packet dropped");
    assert.equal(stats.remote, undefined, 'nothing latched on yet');
    await far.send(s.port, audio(2));
    await waitFor('RTP sent to the SIP peer', () => far.packets.length >= 2);
    const after = await s.stats();
    assert.deepEqual(after.remote, far.peer);
    assert.equal(after.received, 1);
  } finally {
    stranger.close();
    s.close();
    far.close();
  }
});

test('media_timeout after silenceTimeoutMs without RTP from the far end', async () => {
  const quiet = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(2), silenceTimeoutMs: 300, workers: 1 });
  try {
    const far = await FarEnd.open();
    const events: MediaEvent[] = [];
    const s = await quiet.open((e) => events.push(e));
    s.connect({ remote: far.peer, codec: 'PCMA', payloadType: 8 });
    await waitFor('media_timeout', () => events.length >= 1);
    const [ev] = events;
    assert.equal(ev?.type, 'media_timeout');
    assert.ok(ev.type === 'media_timeout' && ev.silentMs >= 300);
    assert.ok(far.packets.length > 0, 'the session kept sending meanwhile');
    far.close();
  } finally {
    await quiet.close();
  }
});

test('a thousand random datagrams from the far end itself: the session survives and still hears a key', async () => {
  const { far, s, digits } = await leg();
  let seed = 42;
  const byte = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
  // What each datagram must count as, by the packet rules this file's other tests pin down.
  const expected = { malformed: 0, payloadType: 0, received: 0 };
  for (let i = 0; i < 1000; i++) {
    const d = Buffer.from(Array.from({ length: byte() % 200 }, byte));
    if (d.length > 1 && i % 2 === 0) {
      d[0] = 0x80 | (d[0]! & 0x3f); // version 2, so the header fields are parsed
      d[1] = i % 4 === 0 ? TE : d[1]!;
    }
    const pkt = parseRtp(d);
    if (!pkt) expected.malformed++;
    else if (pkt.payloadType === 8) expected.received++;
    else if (pkt.payloadType !== TE) expected.payloadType++;
    else if (parseTelephoneEvent(pkt.payload)) expected.received++;
    else expected.malformed++;
    await far.send(s.port, d);
    // In batches the socket buffer holds: sent all at once, the worker falls behind and the
    // kernel drops some (up to 10% here), which this test is not about.
    if (i % 50 === 49) await statsUntil(s, `datagram ${i} counted`, (st) => counted(st) === i + 1);
  }
  const before = (await s.stats()).dtmf; // random events with an end bit count as keys too
  await sendDigit(far, s.port, 3, 123_456_789);
  await waitFor('the key after the noise', () => digits().length > before && digits().at(-1) === '3');
  const stats = await s.stats();
  // Every kind occurs in the noise, so a datagram counted under the wrong reason shows.
  assert.ok(expected.malformed > 20 && expected.payloadType > 20 && expected.received > 20, JSON.stringify(expected));
  assert.deepEqual(stats.dropped, { source: 0, malformed: expected.malformed, payloadType: expected.payloadType });
  assert.equal(stats.received, expected.received + 12, 'the noise accepted, then the 12 packets of the key');
  s.close();
  far.close();
});
