// A bridge relays each far end's audio to the other: transcoded between A-law and µ-law, passed
// through unchanged for one codec, always re-stamped onto the receiving leg's own continuous
// stream; telephone events follow; plays end. The far ends answer in lockstep with the engine's
// own packets (one frame back per frame received), so the test needs no timers of its own.

import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import { decodeG711, encodeG711, G711_SILENCE, type G711 } from '../../src/network/audio/g711.js';
import { createMediaEngine, type RtpMediaEngine } from '../../src/network/media/engine.js';
import { buildTelephoneEvent } from '../../src/network/media/rtp-packet.js';
import type { MediaEvent } from '../../src/network/media/types.js';
import { FarEnd, freeRange, tone, waitFor, type Arrival } from './media-far-end.js';

let engine: RtpMediaEngine;
before(async () => {
  engine = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(8), silenceTimeoutMs: 0, workers: 2 });
});
after(() => engine.close());

const PT: Record<G711, number> = { PCMA: 8, PCMU: 0 };

/** A far end that, once started, sends the frames of `audio` one per packet it receives. */
function speakInLockstep(far: FarEnd, port: number, codec: G711, audio: Int16Array): { frames: Uint8Array[] } {
  const bytes = encodeG711(codec, audio);
  const frames = Array.from({ length: bytes.length / 160 }, (_, i) => bytes.slice(i * 160, (i + 1) * 160));
  let i = 0;
  far.onPacket = () => {
    if (i >= frames.length) return;
    void far.sendRtp(port, { marker: i === 0, payloadType: PT[codec], seq: 500 + i, timestamp: 9000 + 160 * i, ssrc: 0xabc }, frames[i]!);
    i++;
  };
  return { frames };
}

async function pair(t: TestContext, codecA: G711, codecB: G711) {
  const x = await FarEnd.open();
  const y = await FarEnd.open();
  t.after(() => {
    x.close();
    y.close();
  });
  const events: { a: MediaEvent[]; b: MediaEvent[] } = { a: [], b: [] };
  const a = await engine.open((e) => events.a.push(e));
  const b = await engine.open((e) => events.b.push(e), { near: a });
  a.connect({ remote: x.peer, codec: codecA, payloadType: PT[codecA], telephoneEventPt: 101 });
  b.connect({ remote: y.peer, codec: codecB, payloadType: PT[codecB], telephoneEventPt: 96 });
  return { x, y, a, b, events };
}

const audioOf = (pkts: Arrival[], codec: G711) => pkts.filter((p) => p.payloadType === PT[codec] && !p.payload.every((v) => v === G711_SILENCE[codec]));

function assertOneStream(pkts: Arrival[]): void {
  for (let i = 1; i < pkts.length; i++) {
    assert.equal(pkts[i]!.ssrc, pkts[0]!.ssrc);
    assert.equal(pkts[i]!.seq, (pkts[i - 1]!.seq + 1) & 0xffff, `seq at ${i}`);
    assert.equal(pkts[i]!.timestamp, (pkts[i - 1]!.timestamp + 160) >>> 0, `timestamp at ${i}`);
  }
}

const transcoded = (from: G711, to: G711, frame: Uint8Array) => Buffer.from(encodeG711(to, decodeG711(from, frame)));

test('PCMA <-> PCMU: each far end hears the other, transcoded, on one continuous stream', async (t) => {
  const { x, y, a, b } = await pair(t, 'PCMA', 'PCMU');
  await a.bridge(b);
  const fromX = speakInLockstep(x, a.port, 'PCMA', tone(600, 440));
  const fromY = speakInLockstep(y, b.port, 'PCMU', tone(600, 660));
  await waitFor('y hears all of x', () => audioOf(y.packets, 'PCMU').length >= fromX.frames.length);
  await waitFor('x hears all of y', () => audioOf(x.packets, 'PCMA').length >= fromY.frames.length);
  assert.deepEqual(audioOf(y.packets, 'PCMU').map((p) => Buffer.from(p.payload)), fromX.frames.map((f) => transcoded('PCMA', 'PCMU', f)));
  assert.deepEqual(audioOf(x.packets, 'PCMA').map((p) => Buffer.from(p.payload)), fromY.frames.map((f) => transcoded('PCMU', 'PCMA', f)));
  assertOneStream(y.packets);
  assertOneStream(x.packets);
  a.close();
  b.close();
});

test('one codec: payloads pass through unchanged under the leg own SSRC, sequence and timestamps', async (t) => {
  const { x, y, a, b } = await pair(t, 'PCMA', 'PCMA');
  await b.bridge(a);
  const fromX = speakInLockstep(x, a.port, 'PCMA', tone(400, 500));
  await waitFor('y hears x', () => audioOf(y.packets, 'PCMA').length >= fromX.frames.length);
  assert.deepEqual(audioOf(y.packets, 'PCMA').map((p) => Buffer.from(p.payload)), fromX.frames.map((f) => Buffer.from(f)));
  assertOneStream(y.packets);
  assert.notEqual(y.packets[0]!.ssrc, 0xabc);
  a.close();
  b.close();
});

test('telephone events are relayed (each far end its own payload type), and reported on the leg that received them', async (t) => {
  const { x, y, a, b, events } = await pair(t, 'PCMU', 'PCMA');
  await a.bridge(b);
  await waitFor('both streams running', () => x.packets.length > 0 && y.packets.length > 0);
  for (let i = 0; i < 6; i++) {
    const end = i >= 3;
    await x.sendRtp(a.port, { marker: i === 0, payloadType: 101, seq: 70 + i, timestamp: 4242, ssrc: 9 }, buildTelephoneEvent({ event: 11, end, volume: 10, duration: 160 * (i + 1) }));
  }
  await waitFor('the digit on a', () => events.a.length >= 1);
  await waitFor('six event packets at y', () => y.packets.filter((p) => p.payloadType === 96).length >= 6);
  assert.deepEqual(events.a, [{ type: 'dtmf', digit: '#' }]);
  const ev = y.packets.filter((p) => p.payloadType === 96);
  assert.equal(new Set(ev.map((p) => p.timestamp)).size, 1, 'one event, one timestamp');
  assert.deepEqual(ev.map((p) => p.marker), [true, false, false, false, false, false]);
  assert.ok(ev.every((p) => p.ssrc === y.packets[0]!.ssrc));
  const seqs = y.packets.map((p) => p.seq);
  assert.ok(seqs.every((s, i) => i === 0 || s === ((seqs[i - 1]! + 1) & 0xffff)), 'events share the stream sequence');
  assert.deepEqual(events.b, []);
  a.close();
  b.close();
});

test('bridging stops plays (played, interrupted); legs of different workers need { near }', async (t) => {
  const { x, y, a, b, events } = await pair(t, 'PCMA', 'PCMU');
  const p = a.play(tone(5000));
  await waitFor('the play under way', () => x.packets.length >= 3);
  await a.bridge(b);
  await waitFor('played', () => events.a.length >= 1);
  const [ev] = events.a;
  assert.ok(ev?.type === 'played' && ev.playId === p.playId && ev.interrupted && ev.durationMs > 0);
  for (const s of [a, b]) s.close();
  // A fresh engine places two legs opened without { near } in its two workers.
  const spread = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(2), silenceTimeoutMs: 0, workers: 2 });
  try {
    const c = await spread.open(() => undefined);
    const d = await spread.open(() => undefined);
    await assert.rejects(c.bridge(d), /different RTP workers; open the second leg with \{ near/);
  } finally {
    await spread.close();
  }
});
