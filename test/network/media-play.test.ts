// The sending side of an RTP session, seen from a raw UDP socket as the far end: what a play puts
// on the wire (RFC 3550 header fields, G.711 payloads equal to the encoded audio), the marker bit,
// silence between plays, and the play queue's events. Counts and continuity, not timing.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeG711, G711_SILENCE } from '../../src/network/audio/g711.js';
import { createMediaEngine, type RtpMediaEngine } from '../../src/network/media/engine.js';
import type { MediaEvent } from '../../src/network/media/types.js';
import { FarEnd, freeRange, tone, waitFor, type Arrival } from './media-far-end.js';

let engine: RtpMediaEngine;
before(async () => {
  engine = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(8), silenceTimeoutMs: 0, workers: 1 });
});
after(() => engine.close());

const isSilence = (p: Arrival, byte: number) => p.payload.every((b) => b === byte);

/**
 * One SSRC, seq +1 a packet, timestamp +160 a packet, except at a slip: a sender woken more than
 * three frames late moves its schedule (docs/media.md), so the timestamp jumps by the frames that
 * time took, a multiple of 160, on a packet with the marker bit, and no audio is lost. A loaded
 * machine stalls the worker that long now and then. Returns the indexes of the slips.
 */
function assertContinuous(packets: Arrival[]): number[] {
  const slips: number[] = [];
  for (let i = 1; i < packets.length; i++) {
    assert.equal(packets[i]!.ssrc, packets[0]!.ssrc, 'one SSRC');
    assert.equal(packets[i]!.seq, (packets[i - 1]!.seq + 1) & 0xffff, `seq continues at packet ${i}`);
    const step = (packets[i]!.timestamp - packets[i - 1]!.timestamp) >>> 0;
    if (step === 160) continue;
    assert.ok(packets[i]!.marker && step > 160 && step % 160 === 0, `timestamp +160 at packet ${i}, or a slip with the marker bit (got +${step})`);
    slips.push(i);
  }
  return slips;
}

async function leg(codec: 'PCMA' | 'PCMU' = 'PCMA') {
  const far = await FarEnd.open();
  const events: MediaEvent[] = [];
  const s = await engine.open((e) => events.push(e));
  return { far, events, s, connect: () => s.connect({ remote: far.peer, codec, payloadType: codec === 'PCMA' ? 8 : 0 }) };
}

test('a play arrives as 160-byte frames of the encoded audio, one continuous stream, then silence', async () => {
  const { far, events, s, connect } = await leg('PCMA');
  const audio = tone(1000);
  const { durationMs } = s.play(audio); // queued before connect: the stream starts with it
  assert.equal(durationMs, 1000);
  connect();
  await waitFor('played', () => events.some((e) => e.type === 'played'));
  await waitFor('60 packets', () => far.packets.length >= 60);
  const pkts = far.packets.slice(0, 60);
  const slips = assertContinuous(pkts);
  assert.ok(pkts.every((p) => p.payload.length === 160 && p.payloadType === 8));
  assert.deepEqual(pkts.map((p) => p.marker), pkts.map((_, i) => i === 0 || slips.includes(i)), 'marker on the first packet only (and on slips)');
  const sent = Buffer.concat(pkts.slice(0, 50).map((p) => p.payload));
  assert.deepEqual(sent, Buffer.from(encodeG711('PCMA', audio)));
  assert.ok(pkts.slice(50).every((p) => isSilence(p, G711_SILENCE.PCMA)), 'silence frames after the play');
  assert.deepEqual(events, [{ type: 'played', playId: 1, durationMs: 1000, interrupted: false }]);
  s.close();
  far.close();
});

test('a play after silence starts with the marker bit; queued plays follow each other', async () => {
  const { far, events, s, connect } = await leg('PCMU');
  connect();
  await waitFor('silence', () => far.packets.length >= 3);
  const a = s.play(tone(200, 440));
  const b = s.play(tone(100, 660));
  await waitFor('both played', () => events.length === 2);
  assert.deepEqual(events.map((e) => e.type === 'played' && [e.playId, e.durationMs, e.interrupted]), [[a.playId, 200, false], [b.playId, 100, false]]);
  await waitFor('silence after', () => far.packets.filter((p) => isSilence(p, G711_SILENCE.PCMU)).length >= 5 && isSilence(far.packets.at(-1)!, G711_SILENCE.PCMU));
  const pkts = far.packets.slice();
  const slips = assertContinuous(pkts);
  const first = pkts.findIndex((p) => !isSilence(p, G711_SILENCE.PCMU));
  assert.ok(first > 0);
  assert.equal(pkts[first]!.marker, true, 'marker on the first audio packet after silence');
  assert.equal(pkts.filter((p) => p.marker).length, 2 + slips.filter((i) => i !== first).length, 'marker at start and at the talkspurt only (and on slips)');
  const audio = Buffer.concat(pkts.slice(first, first + 15).map((p) => p.payload));
  assert.deepEqual(audio, Buffer.from(encodeG711('PCMU', Int16Array.from([...tone(200, 440), ...tone(100, 660)]))));
  s.close();
  far.close();
});

test('a looping play never signals; stopPlay ends it without an event', async () => {
  const { far, events, s, connect } = await leg();
  const loop = s.play(tone(100), { loop: true });
  connect();
  await waitFor('three rounds of the loop', () => far.packets.length >= 16);
  assert.ok(far.packets.slice(0, 16).every((p) => !isSilence(p, G711_SILENCE.PCMA)));
  s.stopPlay(loop.playId);
  await waitFor('silence after stopPlay', () => far.packets.length > 16 && isSilence(far.packets.at(-1)!, G711_SILENCE.PCMA));
  const next = s.play(tone(40));
  await waitFor('the next play', () => events.length > 0);
  assert.deepEqual(events, [{ type: 'played', playId: next.playId, durationMs: 40, interrupted: false }]);
  s.close();
  far.close();
});

test('interruptPlays ends the current and queued plays with the audio actually sent', async () => {
  const { far, events, s, connect } = await leg();
  const long = s.play(tone(5000));
  const queued = s.play(tone(1000));
  connect();
  await waitFor('some of the play', () => far.packets.length >= 10);
  s.interruptPlays();
  await waitFor('two played events', () => events.length === 2);
  await waitFor('silence after the interruption', () => isSilence(far.packets.at(-1)!, G711_SILENCE.PCMA));
  const audioFrames = far.packets.filter((p) => !isSilence(p, G711_SILENCE.PCMA)).length;
  assert.deepEqual(events, [
    { type: 'played', playId: long.playId, durationMs: audioFrames * 20, interrupted: true },
    { type: 'played', playId: queued.playId, durationMs: 0, interrupted: true },
  ]);
  s.close();
  far.close();
});
