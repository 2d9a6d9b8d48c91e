// Recording a bridged call: both far ends' voices mixed into one A-law 8 kHz mono WAV (format
// tag 6), the hint tone first, the header's sizes fixed at stop; a file that cannot be written
// makes record() reject.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeG711, encodeG711 } from '../../src/network/audio/g711.js';
import { ALAW_WAV_HEADER_BYTES } from '../../src/network/media/alaw-wav.js';
import { createMediaEngine, type RtpMediaEngine } from '../../src/network/media/engine.js';
import { FarEnd, freeRange, tone, waitFor } from './media-far-end.js';

let engine: RtpMediaEngine;
let dir: string;
before(async () => {
  engine = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(4), silenceTimeoutMs: 0, workers: 1 });
  dir = await mkdtemp(join(tmpdir(), 'voxcall-media-'));
});
after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

/** Energy of one frequency in a block (Goertzel), relative to the block's total energy. */
function share(pcm: Int16Array, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let s1 = 0;
  let s2 = 0;
  let total = 0;
  for (const v of pcm) {
    const s0 = v + k * s1 - s2;
    s2 = s1;
    s1 = s0;
    total += v * v;
  }
  const power = s1 * s1 + s2 * s2 - k * s1 * s2;
  return total === 0 ? 0 : (2 * power) / (pcm.length * total);
}

test('a bridged call recorded: hint tone, then both parties mixed, in an A-law WAV whose length is the time recorded', async (t) => {
  const x = await FarEnd.open();
  const y = await FarEnd.open();
  t.after(() => {
    x.close();
    y.close();
  });
  const a = await engine.open(() => undefined);
  const b = await engine.open(() => undefined, { near: a });
  a.connect({ remote: x.peer, codec: 'PCMA', payloadType: 8 });
  b.connect({ remote: y.peer, codec: 'PCMU', payloadType: 0 });
  await a.bridge(b);
  const path = join(dir, 'calls', 'rec.wav');
  const rec = await a.record(path, tone(200, 1000));
  // x speaks 440 Hz for 40 frames, y then speaks 660 Hz for 40 frames; each answers the engine's
  // packets one for one, so the test sets no pace of its own.
  const xs = encodeG711('PCMA', tone(800, 440));
  const ys = encodeG711('PCMU', tone(800, 660));
  let xi = 0;
  let yi = 0;
  x.onPacket = () => {
    if (xi < 40) void x.sendRtp(a.port, { marker: xi === 0, payloadType: 8, seq: xi, timestamp: 160 * xi, ssrc: 1 }, xs.subarray(160 * xi, 160 * xi + 160));
    xi++;
  };
  y.onPacket = () => {
    if (xi > 40 && yi < 40) {
      void y.sendRtp(b.port, { marker: yi === 0, payloadType: 0, seq: yi, timestamp: 160 * yi, ssrc: 2 }, ys.subarray(160 * yi, 160 * yi + 160));
      yi++;
    }
  };
  await waitFor('both spoke', () => yi >= 40, 10_000);
  await waitFor('y heard through b', () => x.packets.length > 0 && xi > 100);
  const { startAt, endAt, path: written } = await rec.stop();
  const { slips } = await a.stats();
  a.close();
  b.close();
  assert.equal(written, path);
  const wav = await readFile(path);
  assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
  assert.equal(wav.readUInt32LE(4), wav.length - 8);
  assert.equal(wav.toString('ascii', 8, 16), 'WAVEfmt ');
  assert.equal(wav.readUInt16LE(20), 6, 'format tag 6: A-law');
  assert.equal(wav.readUInt16LE(22), 1, 'mono');
  assert.equal(wav.readUInt32LE(24), 8000);
  assert.equal(wav.readUInt16LE(34), 8, '8 bits a sample');
  assert.equal(wav.toString('ascii', 50, 54), 'data');
  const dataBytes = wav.readUInt32LE(54);
  assert.equal(dataBytes, wav.length - ALAW_WAV_HEADER_BYTES);
  const callMs = (dataBytes - 1600) / 8;
  // One frame per 20 ms of the leg's schedule; a stall of the whole machine that moved the
  // schedule (a slip) shortens it by the stall, so the lower bound holds only without one.
  assert.ok(callMs <= endAt - startAt + 100, `recorded ${callMs} ms of call in ${endAt - startAt} ms`);
  if (slips === 0) assert.ok(callMs >= endAt - startAt - 100, `recorded ${callMs} ms of call in ${endAt - startAt} ms`);
  const pcm = decodeG711('PCMA', wav.subarray(ALAW_WAV_HEADER_BYTES));
  const blocks = Array.from({ length: Math.floor(pcm.length / 160) }, (_, i) => pcm.subarray(i * 160, i * 160 + 160));
  assert.ok(blocks.slice(0, 10).every((bl) => share(bl, 1000) > 0.8), 'the hint tone first');
  const x440 = blocks.map((bl, i) => (share(bl, 440) > 0.8 ? i : -1)).filter((i) => i >= 0);
  const y660 = blocks.map((bl, i) => (share(bl, 660) > 0.8 ? i : -1)).filter((i) => i >= 0);
  assert.ok(x440.length >= 36 && y660.length >= 36, `x heard in ${x440.length} frames, y in ${y660.length}`);
  assert.ok(x440.at(-1)! < y660[0]!, 'x spoke before y');
});

test('a far end sending 10x faster than real time: the file holds the time recorded, the excess is dropped and counted', async (t) => {
  const x = await FarEnd.open();
  t.after(() => x.close());
  const a = await engine.open(() => undefined);
  t.after(() => a.close());
  a.connect({ remote: x.peer, codec: 'PCMA', payloadType: 8 });
  const rec = await a.record(join(dir, 'flood.wav'));
  const started = performance.now();
  // 5 s of audio within about 500 ms: 10 frames every 20 ms.
  const audio = encodeG711('PCMA', tone(20, 440));
  for (let i = 0; i < 250; i++) {
    await x.sendRtp(a.port, { marker: i === 0, payloadType: 8, seq: i, timestamp: 160 * i, ssrc: 3 }, audio);
    if (i % 10 === 9) await waitFor('the next 20 ms', () => performance.now() - started >= 2 * (i + 1));
  }
  const { received } = await a.stats();
  const { startAt, endAt, path, droppedMs } = await rec.stop();
  const wav = await readFile(path);
  const recordedMs = (wav.length - ALAW_WAV_HEADER_BYTES) / 8;
  const elapsed = endAt - startAt;
  assert.ok(received * 20 > 2 * elapsed + 1000, `the far end sent ${received * 20} ms of audio in ${elapsed} ms`);
  assert.ok(recordedMs <= elapsed + 300 + 50, `recorded ${recordedMs} ms in ${elapsed} ms`);
  assert.ok(droppedMs !== undefined && droppedMs >= received * 20 - elapsed - 300 - 50, `dropped ${droppedMs} ms of ${received * 20}`);
});

test('closing a recording session finishes the file; stop() still answers', async (t) => {
  const x = await FarEnd.open();
  t.after(() => x.close());
  const a = await engine.open(() => undefined);
  a.connect({ remote: x.peer, codec: 'PCMA', payloadType: 8 });
  const path = join(dir, 'closed.wav');
  const rec = await a.record(path);
  await waitFor('some audio sent', () => x.packets.length >= 10);
  a.close();
  const done = await rec.stop();
  assert.equal(done.path, path);
  const wav = await readFile(path);
  assert.equal(wav.readUInt32LE(54), wav.length - ALAW_WAV_HEADER_BYTES);
  assert.ok(wav.length - ALAW_WAV_HEADER_BYTES >= 9 * 160, 'the frames sent are in the file');
});

test('a recording that cannot be written rejects', async (t) => {
  const x = await FarEnd.open();
  t.after(() => x.close());
  const a = await engine.open(() => undefined);
  t.after(() => a.close());
  a.connect({ remote: x.peer, codec: 'PCMA', payloadType: 8 });
  await assert.rejects(a.record('/dev/full'), /ENOSPC/);
  const file = join(dir, 'a-file');
  await writeFile(file, 'not a folder');
  await assert.rejects(a.record(join(file, 'rec.wav')), /ENOTDIR|EEXIST/);
});
