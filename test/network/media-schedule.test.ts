// The pacing schedule, driven by a synthetic clock: frame n is due at t0 + 20n ms whatever the
// lateness of each wake-up, so 30 minutes of jittery wake-ups send exactly 90,000 frames (no
// drift); a stall longer than three frames moves the schedule once instead of bursting.

import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { PacingHistogram } from '../../src/network/media/pacing-histogram.js';
import { parseRtp, type RtpPacket } from '../../src/network/media/rtp-packet.js';
import { RtpSession } from '../../src/network/media/rtp-session.js';
import { waitFor } from './media-far-end.js';

async function session() {
  const socket = createSocket('udp4');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const sink = createSocket('udp4');
  const received: RtpPacket[] = [];
  sink.on('message', (msg) => received.push(parseRtp(msg)!));
  await new Promise<void>((resolve) => sink.bind(0, '127.0.0.1', resolve));
  const s = new RtpSession(1, socket, 0, () => undefined, new PacingHistogram());
  s.connect({ remote: { address: '127.0.0.1', port: sink.address().port }, codec: 'PCMA', payloadType: 8 }, 0);
  return { s, received, done: async () => { await s.close(); sink.close(); } };
}

test('30 minutes of wake-ups up to 15 ms late: every frame sent once, no drift', async () => {
  const { s, done } = await session();
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const end = 30 * 60 * 1000;
  let now = 0;
  while (now < end) {
    s.tick(now);
    now = s.nextDue! + random() * 15;
  }
  const stats = s.getStats();
  assert.equal(stats.slips, 0);
  // Frames due at 0, 20, ..., up to the last tick at or before `end`.
  assert.equal(stats.sent, Math.floor(s.nextDue! / 20));
  assert.ok(Math.abs(s.nextDue! - end) <= 20, `next frame due at ${s.nextDue} ms after ${end} ms`);
  await done();
});

test('a wake-up 200 ms late sends three frames and moves the schedule once', async () => {
  const { s, done } = await session();
  s.tick(0);
  s.tick(20);
  s.tick(240);
  const stats = s.getStats();
  assert.equal(stats.sent, 2 + 3);
  assert.equal(stats.slips, 1);
  assert.equal(s.nextDue, 260);
  await done();
});

test('after a slip the timestamp counts the skipped frames and the next packet is marked', async () => {
  const { s, received, done } = await session();
  s.tick(0); // frame 0
  s.tick(20); // frame 1
  s.tick(240); // frames 2-4 sent, 5-12 (due 100-240 ms) skipped, frame 13 due at 260 ms
  s.tick(260);
  s.tick(280);
  await waitFor('the 7 packets at the sink', () => received.length === 7);
  const t0 = received[0]!.timestamp;
  const frames = received.map((p) => ((p.timestamp - t0) >>> 0) / 160);
  assert.deepEqual(frames, [0, 1, 2, 3, 4, 13, 14]);
  assert.deepEqual(received.map((p) => p.marker), [true, false, false, false, false, true, false]);
  for (let i = 1; i < received.length; i++) assert.equal(received[i]!.seq, (received[i - 1]!.seq + 1) & 0xffff, 'no packet was lost: seq continues');
  await done();
});
