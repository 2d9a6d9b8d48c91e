import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { EspeakNg } from '../../src/network/audio/espeak-ng.js';
import { decodeG711, encodeG711 } from '../../src/network/audio/g711.js';
import { AudioLibrary, RINGBACK } from '../../src/network/audio/library.js';
import { writeToneWav } from '../../src/network/simulated/wav.js';
import { FAILURE_ANNOUNCEMENTS } from '../../src/network/audio/spoken.js';
import type { Synthesis, TtsEngine, TtsLang } from '../../src/network/audio/tts.js';
import type { Media } from '../../src/network/types.js';
import { int16Bytes, requireTool, rms, tone, wav } from './audio-fixtures.js';

requireTool('espeak-ng', 'espeak-ng');

const dir = mkdtempSync(join(tmpdir(), 'voxcall-audio-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The real espeak-ng, recording what it was asked and how many ran at once. */
class Counting implements TtsEngine {
  readonly calls: Array<{ text: string; lang: TtsLang }> = [];
  readonly name: string;
  running = 0;
  mostAtOnce = 0;
  constructor(readonly inner: TtsEngine = new EspeakNg()) {
    this.name = inner.name;
  }
  async synthesize(text: string, lang: TtsLang): Promise<Synthesis> {
    this.calls.push({ text, lang });
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.running);
    try {
      return await this.inner.synthesize(text, lang);
    } finally {
      this.running--;
    }
  }
}

/** espeak-ng behind a script that logs each process started: spawns counted at the source. */
function spawnCounted(name: string): { engine: EspeakNg; spawns: () => number } {
  const log = join(dir, `${name}.spawns`);
  const script = join(dir, `${name}.sh`);
  writeFileSync(script, `#!/bin/sh\necho spawn >> '${log}'\nexec espeak-ng "$@"\n`);
  chmodSync(script, 0o755);
  return { engine: new EspeakNg({ binary: script }), spawns: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0) };
}

const tts = (name: string): Media => ({ kind: 'tts', name, durationMs: 1 });
const file = (path: string): Media => ({ kind: 'file', name: 'x.wav', durationMs: 1, path });

test('a voice file: decoded to 8 kHz, its real length, cached until the file changes', async () => {
  const path = join(dir, 'welcome.wav');
  writeFileSync(path, wav({ codec: 1, bits: 16, rate: 16000 }, int16Bytes(tone(1000, 16000, 1.5))));
  const lib = new AudioLibrary({ tts: new Counting() });
  const first = await lib.load(file(path));
  assert.equal(first.durationMs, 1500);
  assert.equal(first.pcm.length, 12000);
  assert.equal(first.cached, false);
  assert.equal(first.synthesisMs, undefined);
  assert.ok(first.pcm.buffer instanceof SharedArrayBuffer, 'shared: a media worker gets it without a copy');
  const again = await lib.load(file(path));
  assert.equal(again.cached, true);
  assert.equal(again.pcm, first.pcm);

  // Replaced by an A-law file of another length: a new size and mtime, so new audio.
  writeFileSync(path, wav({ codec: 6, bits: 8, rate: 8000 }, Buffer.from(encodeG711('PCMA', tone(440, 8000, 0.5)))));
  utimesSync(path, new Date(), new Date(Date.now() + 5000));
  const changed = await lib.load(file(path));
  assert.equal(changed.cached, false);
  assert.equal(changed.durationMs, 500);
});

test("the system prompts seed.ts writes (writeToneWav) load at their length", async () => {
  const path = join(dir, 'voxcall_pre_voice.wav');
  await writeToneWav(path, 3000);
  const r = await new AudioLibrary({ tts: new Counting() }).load({ kind: 'file', name: 'voxcall_pre_voice.wav', durationMs: 3000, path });
  assert.equal(r.durationMs, 3000);
  assert.ok(rms(r.pcm) > 1000);
});

test('a missing, unreadable or refused voice file rejects with the file named', async () => {
  const lib = new AudioLibrary({ tts: new Counting() });
  const missing = join(dir, 'missing.wav');
  await assert.rejects(lib.load(file(missing)), (e: Error) => e.message.startsWith(`voice file ${missing} cannot be read: ENOENT`));
  await assert.rejects(lib.load({ kind: 'file', name: 'nowhere.wav', durationMs: 1 }), /voice file nowhere\.wav has no path/);
  await assert.rejects(lib.load(file(dir)), new RegExp(`voice file ${dir} cannot be read: EISDIR`));
  const stereo = join(dir, 'stereo.wav');
  writeFileSync(stereo, wav({ codec: 1, bits: 16, rate: 8000, channels: 2 }, Buffer.alloc(64)));
  await assert.rejects(lib.load(file(stereo)), new RegExp(`voice file ${stereo}: the audio is PCM 16-bit 8000 Hz 2 channels`));
  const big = join(dir, 'big.wav');
  writeFileSync(big, wav({ codec: 1, bits: 16, rate: 8000 }, Buffer.alloc(4000)));
  await assert.rejects(new AudioLibrary({ tts: new Counting(), maxFileBytes: 1000 }).load(file(big)), /is 4044 bytes; at most 1000/);
});

test('TTS: synthesised once, the second load does not run the engine', async () => {
  const counted = spawnCounted('cache');
  const engine = new Counting(counted.engine);
  const lib = new AudioLibrary({ tts: engine });
  const first = await lib.load(tts('您有3件快递请到菜鸟驿站领取'));
  assert.equal(first.cached, false);
  assert.ok(first.durationMs > 1000 && first.durationMs < 10_000, `${first.durationMs} ms`);
  assert.ok(first.synthesisMs !== undefined && first.synthesisMs >= 0);
  const second = await lib.load(tts('您有3件快递请到菜鸟驿站领取'));
  assert.equal(second.cached, true);
  assert.equal(second.pcm, first.pcm);
  assert.equal(second.durationMs, first.durationMs);
  assert.equal(second.synthesisMs, first.synthesisMs);
  assert.deepEqual(engine.calls, [{ text: '您有3件快递请到菜鸟驿站领取', lang: 'cmn' }]);
  assert.equal(counted.spawns(), 1);
  const english = await lib.load(tts('Your parcel is here.'));
  assert.deepEqual(engine.calls[1], { text: 'Your parcel is here.', lang: 'en' });
  assert.deepEqual(lib.stats(), { entries: 2, bytes: (first.pcm.length + english.pcm.length) * 2, hits: 1, misses: 2, queued: 0 });
  assert.equal(counted.spawns(), 2);
});

test('concurrent loads of one text share one synthesis', async () => {
  const counted = spawnCounted('shared');
  const lib = new AudioLibrary({ tts: counted.engine });
  const loads = await Promise.all(Array.from({ length: 8 }, () => lib.load(tts('Press one to confirm your delivery.'))));
  assert.equal(counted.spawns(), 1);
  assert.ok(loads.every((l) => l.pcm === loads[0]!.pcm));
  assert.equal(loads.filter((l) => !l.cached).length, 1);
});

test('syntheses of different texts run at most maxSyntheses at once, the rest queued in order', async () => {
  const engine = new Counting();
  const lib = new AudioLibrary({ tts: engine, maxSyntheses: 2 });
  const texts = Array.from({ length: 6 }, (_, i) => `Parcel number ${i + 1} is ready.`);
  const all = Promise.all(texts.map((t) => lib.load(tts(t))));
  assert.equal(lib.stats().queued, 4);
  const loads = await all;
  assert.equal(engine.mostAtOnce, 2);
  assert.deepEqual(engine.calls.map((c) => c.text), texts);
  assert.ok(loads.every((l) => !l.cached && l.durationMs > 500));
  assert.equal(lib.stats().queued, 0);
});

test('a failed synthesis is not cached: the next load tries again', async () => {
  const engine = new Counting(new EspeakNg({ binary: 'espeak-ng-not-installed-here' }));
  const lib = new AudioLibrary({ tts: engine });
  await assert.rejects(lib.load(tts('hello')), /apt-get install -y espeak-ng/);
  await assert.rejects(lib.load(tts('hello')), /apt-get install -y espeak-ng/);
  assert.equal(engine.calls.length, 2);
  assert.equal(lib.stats().entries, 0);
});

test('digits are read one by one, in Mandarin by default, in English when configured', async () => {
  const engine = new Counting();
  const code = await new AudioLibrary({ tts: engine }).load({ kind: 'digits', name: '1234', durationMs: 1 });
  assert.deepEqual(engine.calls, [{ text: '1，2，3，4', lang: 'cmn' }]);
  assert.ok(code.durationMs > 1000 && code.durationMs < 8000, `${code.durationMs} ms`);
  assert.ok(code.synthesisMs !== undefined);
  await new AudioLibrary({ tts: engine, digitsLang: 'en' }).load({ kind: 'digits', name: '905', durationMs: 1 });
  assert.deepEqual(engine.calls[1], { text: '9, 0, 5', lang: 'en' });
  await assert.rejects(new AudioLibrary({ tts: engine }).load({ kind: 'digits', name: '12a', durationMs: 1 }), /0-9 only, got "12a"/);
});

test("ringback: China's 450 Hz, 1 s on, 4 s off, one cycle to loop", async () => {
  const engine = new Counting();
  const r = await new AudioLibrary({ tts: engine }).load({ kind: 'ringback', name: 'ringback', durationMs: 0 });
  assert.equal(r.durationMs, RINGBACK.onMs + RINGBACK.offMs);
  const on = r.pcm.subarray(0, 8000);
  assert.ok(Math.abs(rms(on, 0, 1) - (32767 * RINGBACK.amplitude) / Math.SQRT2) < 50);
  let crossings = 0;
  for (let i = 1; i < on.length; i++) if (on[i - 1]! < 0 !== on[i]! < 0) crossings++;
  assert.ok(Math.abs(crossings - 900) <= 2, `${crossings} zero crossings in 1 s`);
  assert.ok(r.pcm.subarray(8000).every((v) => v === 0));
  assert.equal(engine.calls.length, 0);
});

test('announcements: the callback failure announcements are spoken Chinese; an unknown one rejects', async () => {
  const engine = new Counting();
  const lib = new AudioLibrary({ tts: engine });
  const busy = await lib.load({ kind: 'announcement', name: 'failure:busy', durationMs: 4000 });
  assert.deepEqual(engine.calls, [{ text: FAILURE_ANNOUNCEMENTS['failure:busy'], lang: 'cmn' }]);
  assert.ok(busy.durationMs > 1500 && busy.durationMs < 10_000, `${busy.durationMs} ms`);
  await assert.rejects(lib.load({ kind: 'announcement', name: 'failure:unknown', durationMs: 1 }), /no announcement named "failure:unknown"/);
  const custom = new AudioLibrary({ tts: engine, announcements: { 'failure:busy': 'The line is busy.' } });
  await custom.load({ kind: 'announcement', name: 'failure:busy', durationMs: 1 });
  assert.deepEqual(engine.calls[1], { text: 'The line is busy.', lang: 'en' });
});

test('encoded(codec): G.711 once per audio and codec, shared, counted against the bound', async () => {
  const path = join(dir, 'encoded.wav');
  const src = tone(1000, 8000, 1);
  writeFileSync(path, wav({ codec: 1, bits: 16, rate: 8000 }, int16Bytes(src)));
  const lib = new AudioLibrary({ tts: new Counting() });
  const a = await lib.load(file(path));
  assert.equal(lib.stats().bytes, 16_000);
  const alaw = a.encoded('PCMA');
  assert.deepEqual(alaw, encodeG711('PCMA', src));
  assert.ok(alaw.buffer instanceof SharedArrayBuffer);
  assert.equal(lib.stats().bytes, 24_000);
  const b = await lib.load(file(path));
  assert.equal(b.encoded('PCMA'), alaw, 'the second play reuses the bytes');
  const ulaw = b.encoded('PCMU');
  assert.deepEqual(decodeG711('PCMU', ulaw).length, 8000);
  assert.equal(lib.stats().bytes, 32_000);
});

test('the cache is bounded by bytes: the least recently used file goes first', async () => {
  const paths = ['a', 'b', 'c'].map((n) => {
    const p = join(dir, `${n}.wav`);
    writeFileSync(p, wav({ codec: 1, bits: 16, rate: 8000 }, int16Bytes(tone(300, 8000, 2)))); // 32,000 bytes of PCM
    return p;
  });
  const [a, b, c] = paths as [string, string, string];
  const lib = new AudioLibrary({ tts: new Counting(), cacheBytes: 70_000 });
  await lib.load(file(a));
  await lib.load(file(b));
  assert.equal((await lib.load(file(a))).cached, true); // a is now the most recent
  await lib.load(file(c)); // evicts b
  assert.deepEqual(lib.stats().bytes, 64_000);
  assert.equal((await lib.load(file(a))).cached, true);
  assert.equal((await lib.load(file(b))).cached, false);
  // Audio larger than the whole cache plays, and is not kept.
  const tiny = new AudioLibrary({ tts: new Counting(), cacheBytes: 10_000 });
  assert.equal((await tiny.load(file(a))).durationMs, 2000);
  assert.equal(tiny.stats().entries, 0);
});
