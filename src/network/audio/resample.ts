// Rational resampling to the telephone rate (8 kHz) with a Kaiser-windowed sinc low-pass, applied
// polyphase: for an input rate R, 8000/R = L/M in lowest terms, and each output sample is one
// dot product of 2H input samples with one of L precomputed kernels (the sinc shifted by the
// output instant's fraction of an input sample). Speech above 4 kHz (espeak-ng writes 22,050 Hz,
// many engines 24 or 48 kHz) would otherwise fold back into the band as hiss. No package in
// node_modules resamples (docs/audio.md); the filter is the textbook one (Kaiser 1974, Oppenheim &
// Schafer 7.6), so writing it costs less than depending on a native addon.

import { PCM_RATE, type Pcm } from '../media/types.js';

/** The filter: flat to 3.4 kHz (the telephone band), 70 dB down from 4 kHz (the output's Nyquist). */
export const RESAMPLER = { passHz: 3400, stopHz: 4000, stopDb: 70 } as const;

/** Largest L handled: every common audio rate is far below (22,050 Hz: 160; 44,100 Hz: 80). */
const MAX_PHASES = 1000;

interface Bank {
  L: number;
  M: number;
  /** Half the taps of one kernel. */
  H: number;
  /** L kernels of 2H taps, phase p at p*2H. */
  taps: Float32Array;
}

const banks = new Map<number, Bank>();

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The zeroth-order modified Bessel function of the first kind (its power series converges fast). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function bank(rate: number): Bank {
  const known = banks.get(rate);
  if (known) return known;
  const g = gcd(rate, PCM_RATE);
  const L = PCM_RATE / g;
  const M = rate / g;
  if (L > MAX_PHASES) throw new Error(`cannot resample from ${rate} Hz to ${PCM_RATE} Hz (the ratio ${L}/${M} needs too many filter phases)`);
  const { passHz, stopHz, stopDb } = RESAMPLER;
  const cutoff = (passHz + stopHz) / 2 / rate; // cycles per input sample
  const width = (2 * Math.PI * (stopHz - passHz)) / rate; // radians per input sample
  // Kaiser's design formulas: the length and shape that reach stopDb over the transition width.
  const N = Math.ceil((stopDb - 8) / (2.285 * width));
  const H = Math.ceil(N / 2);
  const beta = 0.1102 * (stopDb - 8.7);
  const i0beta = besselI0(beta);
  const taps = new Float32Array(L * 2 * H);
  for (let p = 0; p < L; p++) {
    const frac = p / L;
    let sum = 0;
    for (let j = 0; j < 2 * H; j++) {
      // Tap j weighs input sample k - H + 1 + j for an output instant at k + frac.
      const t = j - H + 1 - frac;
      const r = t / H;
      const w = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0beta;
      const x = 2 * cutoff * t;
      const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const v = 2 * cutoff * sinc * w;
      taps[p * 2 * H + j] = v;
      sum += v;
    }
    // Unit gain at DC for every phase, so no phase adds a ripple of its own.
    for (let j = 0; j < 2 * H; j++) taps[p * 2 * H + j]! /= sum;
  }
  const b = { L, M, H, taps };
  banks.set(rate, b);
  return b;
}

interface Job {
  bank: Bank;
  padded: Float32Array;
  out: Int16Array;
}

function prepare(input: Int16Array, rate: number): Job | undefined {
  if (!Number.isInteger(rate) || rate < PCM_RATE) throw new Error(`cannot resample from ${rate} Hz: the rate must be a whole number of Hz, at least ${PCM_RATE}`);
  if (rate === PCM_RATE) return undefined;
  const b = bank(rate);
  const span = 2 * b.H;
  // Zeros either side so every kernel reads inside the array.
  const padded = new Float32Array(input.length + 2 * span);
  padded.set(input, span);
  return { bank: b, padded, out: new Int16Array(Math.round((input.length * b.L) / b.M)) };
}

function fill(job: Job, from: number, to: number): void {
  const { bank: { L, M, H, taps }, padded, out } = job;
  const span = 2 * H;
  for (let n = from; n < to; n++) {
    const pos = n * M;
    const k = Math.floor(pos / L);
    const base = (pos - k * L) * span;
    const first = k - H + 1 + span;
    let acc = 0;
    for (let j = 0; j < span; j++) acc += padded[first + j]! * taps[base + j]!;
    out[n] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
  }
}

/** Samples at `rate` (8 kHz or more) to 8 kHz Pcm; 8 kHz input is returned as is. */
export function resampleTo8k(input: Int16Array, rate: number): Pcm {
  const job = prepare(input, rate);
  if (!job) return input;
  fill(job, 0, job.out.length);
  return job.out;
}

/** Output samples computed between yields to the event loop (a few ms of CPU at 48 kHz). */
const SLICE = 8000;

/**
 * The same, yielding to the event loop every second of output: a 5-minute 16 kHz voice file
 * costs about a second of CPU, which must not stall the SIP and API work sharing the thread.
 */
export async function resampleTo8kAsync(input: Int16Array, rate: number): Promise<Pcm> {
  const job = prepare(input, rate);
  if (!job) return input;
  for (let from = 0; from < job.out.length; from += SLICE) {
    if (from > 0) await new Promise<void>((go) => setImmediate(go));
    fill(job, from, Math.min(from + SLICE, job.out.length));
  }
  return job.out;
}

/** Taps per output sample at this input rate (for docs and benchmarks). */
export function resamplerTaps(rate: number): number {
  return rate === PCM_RATE ? 1 : 2 * bank(rate).H;
}
