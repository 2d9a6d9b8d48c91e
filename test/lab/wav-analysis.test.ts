// The analysis a test leans on to say what a phone heard, checked on files whose content is known.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { analyzeSamples, analyzeWav, tone } from '../../scripts/lab/wav-analysis.js';
import { encodeWav, parseWav, readWav, sine, writeWav } from '../../scripts/lab/wav-file.js';

const dir = mkdtempSync(join(tmpdir(), 'voxcall-lab-wav-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const near = (got: number, want: number, tol: number, what: string) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got}, want ${want} ± ${tol}`);
const concat = (...parts: Int16Array[]) => {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

test('a 2 s 440 Hz tone at half scale: -9.03 dBFS, all frames active and holding 440, none 660', () => {
  const path = join(dir, 'tone.wav');
  writeWav(path, sine(440, 2, { amplitude: 0.5 }));
  const a = analyzeWav(path, { frequencies: [440, 660] });
  assert.equal(a.encoding, 'pcm16');
  assert.equal(a.sampleRate, 8000);
  assert.equal(a.durationS, 2);
  near(a.rmsDbfs, 20 * Math.log10(0.5 / Math.SQRT2), 0.01, 'rms');
  assert.equal(a.activeFraction, 1);
  assert.equal(a.activeSeconds, 2);
  assert.deepEqual([tone(a, 440).seconds, tone(a, 440).fraction], [2, 1]);
  near(tone(a, 440).dbfs, a.rmsDbfs, 0.05, '440 Hz level');
  assert.deepEqual([tone(a, 660).seconds, tone(a, 660).fraction, tone(a, 660).dbfs], [0, 0, -Infinity]);
  assert.equal(a.truncated, false);
});

test('silence: -Infinity dBFS, no active frame, no tone', () => {
  const path = join(dir, 'silence.wav');
  writeWav(path, new Int16Array(8000));
  const a = analyzeWav(path, { frequencies: [440] });
  assert.equal(a.durationS, 1);
  assert.equal(a.rmsDbfs, -Infinity);
  assert.equal(a.activeFraction, 0);
  assert.equal(tone(a, 440).seconds, 0);
});

test('A-law as voxcall records (format 6, 8-bit): 1 s of 440, 1 s of silence, 1 s of 660', () => {
  const path = join(dir, 'alaw.wav');
  writeWav(path, concat(sine(440, 1), new Int16Array(8000), sine(660, 1)), { encoding: 'alaw' });
  const wav = readWav(path);
  assert.equal(wav.encoding, 'alaw');
  assert.equal(wav.samples.length, 24000);
  const a = analyzeWav(path, { frequencies: [440, 660, 1000] });
  assert.equal(a.durationS, 3);
  assert.equal(a.activeSeconds, 2);
  near(a.activeFraction, 2 / 3, 1e-9, 'active fraction');
  assert.equal(tone(a, 440).seconds, 1);
  assert.equal(tone(a, 660).seconds, 1);
  assert.equal(tone(a, 1000).seconds, 0);
  // 0.3 of full scale is -13.5 dBFS; A-law's quantisation moves it by hundredths of a dB.
  near(tone(a, 440).dbfs, 20 * Math.log10(0.3 / Math.SQRT2), 0.1, '440 Hz level after A-law');
});

test('µ-law decodes too, and a mix of two equal tones (both parties in one recording) holds both', () => {
  const high = sine(660, 1, { amplitude: 0.2 });
  const mix = sine(440, 1, { amplitude: 0.2 }).map((s, i) => s + high[i]!);
  const a = analyzeSamples(parseWav(encodeWav(mix, { encoding: 'ulaw' })).samples, 8000, { frequencies: [440, 660, 550] });
  assert.deepEqual(a.tones.map((t) => t.seconds), [1, 1, 0]);
});

test('a file still being written (data size 0 in its header) reads as truncated, with the samples present', () => {
  const b = encodeWav(sine(440, 0.5));
  b.writeUInt32LE(0, 40);
  const wav = parseWav(b);
  assert.equal(wav.truncated, true);
  assert.equal(wav.samples.length, 4000);
});

test('stereo PCM is averaged to mono; a file that is not a WAV is refused by name', () => {
  const left = sine(440, 0.1);
  const stereo = new Int16Array(left.length * 2);
  left.forEach((s, i) => (stereo[2 * i] = s));
  const b = encodeWav(stereo);
  b.writeUInt16LE(2, 22);
  b.writeUInt16LE(4, 32);
  const wav = parseWav(b);
  assert.equal(wav.channels, 2);
  assert.equal(wav.samples.length, left.length);
  assert.equal(wav.samples[10], Math.round(left[10]! / 2));
  const bogus = join(dir, 'bogus.wav');
  writeFileSync(bogus, 'hello');
  assert.throws(() => readWav(bogus), { message: `${bogus} is not a WAV file (no RIFF/WAVE header)` });
});

test('an A-law file written by sox (fmt of 18 bytes, a fact chunk) reads the same', async () => {
  const path = join(dir, 'sox-alaw.wav');
  try {
    await promisify(execFile)('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'a-law', path, 'synth', '1.5', 'sine', '660', 'vol', '0.3']);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') assert.fail('sox is not installed: apt-get install -y sox');
    throw e;
  }
  const a = analyzeWav(path, { frequencies: [440, 660] });
  assert.equal(a.encoding, 'alaw');
  assert.equal(a.durationS, 1.5);
  assert.deepEqual([tone(a, 660).seconds, tone(a, 440).seconds], [1.5, 0]);
});
