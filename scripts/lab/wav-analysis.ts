// What a recording holds, in figures a test can assert: length, loudness, how much of it is
// sound, and for how long given tones are present (Goertzel per 20 ms frame). Frames rather than
// one transform over the file: a tone that starts late, stops early or drifts a little in
// frequency after G.711 and resampling still counts for the frames it fills.

import { readWav, type Wav, type WavEncoding } from './wav-file.js';

export interface AnalyzeOptions {
  /** Tones to look for. */
  frequencies?: number[];
  /** A 20 ms frame below this RMS level is silence. Default -45 dBFS. */
  silenceDbfs?: number;
  /**
   * A frame holds a tone when the tone carries at least this share of the frame's power.
   * Default 0.2: a mix of two equal tones (a recording of both parties) holds both, at about
   * 0.5 each; in a 20 ms frame, a tone 220 Hz away (440 against 660) leaks under 1 %.
   */
  toneShare?: number;
}

export interface ToneReport {
  frequencyHz: number;
  /** Time covered by the frames that hold the tone. */
  seconds: number;
  /** Those frames over all frames. */
  fraction: number;
  /** The tone's RMS level in the frames that hold it (dBFS; -Infinity if none). */
  dbfs: number;
}

export interface WavAnalysis {
  sampleRate: number;
  encoding: WavEncoding | 'samples';
  durationS: number;
  /** RMS over the whole file, relative to full scale (a full-scale sine is -3 dBFS). */
  rmsDbfs: number;
  /** 20 ms frames above the silence threshold, over all frames. */
  activeFraction: number;
  activeSeconds: number;
  tones: ToneReport[];
  truncated: boolean;
}

const FULL_SCALE = 32768;
const FRAME_S = 0.02;

export function dbfs(meanSquare: number): number {
  return meanSquare > 0 ? 10 * Math.log10(meanSquare / (FULL_SCALE * FULL_SCALE)) : -Infinity;
}

/**
 * Power (mean square) of the component of `samples[start, start+n)` at `frequencyHz`: a pure sine
 * of peak A gives A²/2, the same as its mean square. Goertzel at any frequency, not only bins.
 */
export function tonePower(samples: Int16Array, start: number, n: number, frequencyHz: number, sampleRate: number): number {
  const w = (2 * Math.PI * frequencyHz) / sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < start + n; i++) {
    const s0 = samples[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const magSq = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * magSq) / (n * n);
}

function meanSquare(samples: Int16Array, start: number, n: number): number {
  let sum = 0;
  for (let i = start; i < start + n; i++) sum += samples[i]! * samples[i]!;
  return n > 0 ? sum / n : 0;
}

export function analyzeSamples(samples: Int16Array, sampleRate: number, opts: AnalyzeOptions = {}): WavAnalysis {
  const silence = opts.silenceDbfs ?? -45;
  const share = opts.toneShare ?? 0.2;
  const freqs = opts.frequencies ?? [];
  const frameLen = Math.round(sampleRate * FRAME_S);
  const frames = Math.floor(samples.length / frameLen);
  let active = 0;
  const hits = freqs.map(() => ({ frames: 0, power: 0 }));
  for (let f = 0; f < frames; f++) {
    const start = f * frameLen;
    const power = meanSquare(samples, start, frameLen);
    if (dbfs(power) < silence) continue;
    active++;
    freqs.forEach((hz, i) => {
      const p = tonePower(samples, start, frameLen, hz, sampleRate);
      if (p >= share * power) {
        hits[i]!.frames++;
        hits[i]!.power += p;
      }
    });
  }
  return {
    sampleRate,
    encoding: 'samples',
    durationS: samples.length / sampleRate,
    rmsDbfs: dbfs(meanSquare(samples, 0, samples.length)),
    activeFraction: frames > 0 ? active / frames : 0,
    activeSeconds: active * FRAME_S,
    tones: freqs.map((frequencyHz, i) => {
      const h = hits[i]!;
      return {
        frequencyHz,
        seconds: h.frames * FRAME_S,
        fraction: frames > 0 ? h.frames / frames : 0,
        dbfs: h.frames > 0 ? dbfs(h.power / h.frames) : -Infinity,
      };
    }),
    truncated: false,
  };
}

export function analyzeWavData(wav: Wav, opts: AnalyzeOptions = {}): WavAnalysis {
  return { ...analyzeSamples(wav.samples, wav.sampleRate, opts), encoding: wav.encoding, truncated: wav.truncated };
}

export function analyzeWav(path: string, opts: AnalyzeOptions = {}): WavAnalysis {
  return analyzeWavData(readWav(path), opts);
}

/** The report for one frequency asked of analyzeWav. */
export function tone(a: WavAnalysis, frequencyHz: number): ToneReport {
  const t = a.tones.find((x) => x.frequencyHz === frequencyHz);
  if (t === undefined) throw new Error(`${frequencyHz} Hz was not among the frequencies analysed`);
  return t;
}
