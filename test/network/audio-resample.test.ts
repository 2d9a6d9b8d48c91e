import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESAMPLER, resampleTo8k, resampleTo8kAsync, resamplerTaps } from '../../src/network/audio/resample.js';
import { db, rms, tone } from './audio-fixtures.js';

const RATES = [16000, 22050, 24000, 44100, 48000];

/** Output level over input level of a tone, in dB. */
function gainDb(freq: number, rate: number): number {
  const src = tone(freq, rate, 1);
  return db(rms(resampleTo8k(src, rate)) / rms(src));
}

for (const rate of RATES) {
  test(`${rate} Hz: the speech band keeps its level, everything from 4.1 kHz is 60 dB down`, () => {
    for (const f of [300, 1000, 3000, RESAMPLER.passHz]) {
      const g = gainDb(f, rate);
      assert.ok(Math.abs(g) < 0.1, `${f} Hz at ${rate} Hz: ${g.toFixed(3)} dB`);
    }
    for (const f of [4100, 5000, 7000].filter((f) => f < rate / 2)) {
      const g = gainDb(f, rate);
      assert.ok(g < -60, `${f} Hz at ${rate} Hz: ${g.toFixed(1)} dB`);
    }
  });

  test(`${rate} Hz: output length and timing (no delay: a 1 kHz tone lands on the ideal 8 kHz samples)`, () => {
    const out = resampleTo8k(tone(1000, rate, 1), rate);
    assert.equal(out.length, 8000);
    const ideal = tone(1000, 8000, 1);
    let worst = 0;
    for (let i = 800; i < 7200; i++) worst = Math.max(worst, Math.abs(out[i]! - ideal[i]!));
    assert.ok(worst < 20, `largest difference ${worst} of 10000`);
  });
}

test('the figures of the task: 1 kHz keeps its amplitude, 5 kHz at 22,050 Hz is more than 40 dB down', () => {
  assert.ok(Math.abs(gainDb(1000, 22050)) < 0.05);
  assert.ok(gainDb(5000, 22050) < -40);
});

test('the sliced version gives the same samples and lets other work run between slices', async () => {
  const src = tone(1000, 22050, 3);
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const sliced = await resampleTo8kAsync(src, 22050);
  clearInterval(timer);
  assert.deepEqual(sliced, resampleTo8k(src, 22050));
  assert.ok(ticks >= 1, 'a timer ran while resampling');
});

test('8 kHz passes through; rates below 8 kHz or too odd a ratio are refused', () => {
  const pcm = tone(440, 8000, 0.1);
  assert.equal(resampleTo8k(pcm, 8000), pcm);
  assert.throws(() => resampleTo8k(pcm, 6000), /cannot resample from 6000 Hz/);
  assert.throws(() => resampleTo8k(pcm, 8001), /too many filter phases/);
  assert.equal(resamplerTaps(8000), 1);
});

test('a full-scale square wave saturates at its overshoot, never wraps to the other sign', () => {
  const half = 50;
  const sq = Int16Array.from({ length: 22050 }, (_, i) => (Math.floor(i / half) % 2 ? 32767 : -32768));
  const out = resampleTo8k(sq, 22050);
  let saturated = 0;
  for (let n = 100; n < out.length - 100; n++) {
    const t = (n * 22050) / 8000;
    const fromEdge = Math.min(t % half, half - (t % half));
    if (fromEdge < 2) continue;
    const want = Math.sign(sq[Math.floor(t)]!);
    assert.equal(Math.sign(out[n]!), want, `sample ${n}`);
    assert.ok(Math.abs(out[n]!) > 25000, `sample ${n}: ${out[n]}`);
    if (Math.abs(out[n]!) >= 32767) saturated++;
  }
  assert.ok(saturated > 0, 'the Gibbs overshoot reaches full scale somewhere');
});
