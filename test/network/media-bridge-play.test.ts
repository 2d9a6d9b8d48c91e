// A play on a bridged leg (the callback's last-minute voice, played into the legs the request
// names): that leg's far end hears the prompt in place of the other party, on the same stream,
// the play signals 'played', and the relay then carries the other party again.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeG711, G711_SILENCE } from '../../src/network/audio/g711.js';
import { createMediaEngine, type RtpMediaEngine } from '../../src/network/media/engine.js';
import type { MediaEvent } from '../../src/network/media/types.js';
import { FarEnd, freeRange, tone, waitFor } from './media-far-end.js';

let engine: RtpMediaEngine;
before(async () => {
  engine = createMediaEngine({ address: '127.0.0.1', ports: await freeRange(4), silenceTimeoutMs: 0, workers: 1 });
});
after(() => engine.close());

test('a play on a bridged leg replaces the relayed party for its length, signals played, then the relay resumes', async (t) => {
  const x = await FarEnd.open();
  const y = await FarEnd.open();
  t.after(() => {
    x.close();
    y.close();
  });
  const events: MediaEvent[] = [];
  const a = await engine.open((e) => events.push(e));
  const b = await engine.open(() => undefined, { near: a });
  t.after(() => {
    a.close();
    b.close();
  });
  a.connect({ remote: x.peer, codec: 'PCMA', payloadType: 8 });
  b.connect({ remote: y.peer, codec: 'PCMA', payloadType: 8 });
  await a.bridge(b);
  // y speaks a constant 660 Hz frame for every packet it gets, so the relay always has audio for x.
  const voice = encodeG711('PCMA', tone(20, 660));
  let seq = 0;
  y.onPacket = () => void y.sendRtp(b.port, { marker: seq === 0, payloadType: 8, seq: seq, timestamp: 160 * seq++, ssrc: 0x66 }, voice);
  await waitFor('x hears y through the bridge', () => x.packets.some((p) => Buffer.from(p.payload).equals(Buffer.from(voice))));

  const prompt = tone(400, 440);
  const frames = encodeG711('PCMA', prompt);
  const started = a.play(prompt);
  assert.equal(started.durationMs, 400);
  await waitFor('played', () => events.some((e) => e.type === 'played' && e.playId === started.playId), 5000);
  const played = events.find((e) => e.type === 'played')!;
  assert.deepEqual(played, { type: 'played', playId: started.playId, durationMs: 400, interrupted: false });
  // Every frame of the prompt reached x, in order, on x's one stream.
  const expected = Array.from({ length: 20 }, (_, i) => Buffer.from(frames.slice(i * 160, (i + 1) * 160)));
  const heard = x.packets.map((p) => Buffer.from(p.payload));
  const first = heard.findIndex((f) => f.equals(expected[0]!));
  assert.ok(first >= 0, 'the prompt reached x');
  assert.deepEqual(heard.slice(first, first + 20), expected);
  const count = x.packets.length;
  await waitFor('the relay resumes after the prompt', () => x.packets.slice(count).some((p) => Buffer.from(p.payload).equals(Buffer.from(voice))));
  assert.ok(x.packets.every((p) => p.ssrc === x.packets[0]!.ssrc), 'one stream');
  assert.ok(!x.packets.slice(first, first + 20).some((p) => p.payload.every((v) => v === G711_SILENCE.PCMA)));
});
