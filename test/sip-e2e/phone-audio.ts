// What the end-to-end phone tests need around the lab's phones: the recording of one call (the
// file that appeared after a moment), how much of it is there while the call runs, and the audio
// voxcall plays, made by the same library and engine the platform uses (espeak-ng).

import { analyzeSamples, readWav, type Phone, type WavAnalysis } from '../../scripts/lab/index.js';
import { createTtsEngine } from '../../src/network/audio/create-engine.js';
import { AudioLibrary } from '../../src/network/audio/library.js';
import { PCM_RATE } from '../../src/network/media/types.js';

/** The phone's recordings of what it hears, as a set, to tell a new call's file from older ones. */
export const heardSoFar = (phone: Phone): Set<string> => new Set(phone.recordings());

/** The recording of the call that started after `before` was taken (undefined until it exists). */
export function newRecording(phone: Phone, before: Set<string>): string | undefined {
  return phone.recordings().find((f) => !before.has(f));
}

/** Milliseconds of audio in that recording so far (libsndfile writes as it goes; the header comes at the close). */
export function heardMs(phone: Phone, before: Set<string>): number {
  const file = newRecording(phone, before);
  if (file === undefined) return 0;
  try {
    const wav = readWav(file);
    return (wav.samples.length * 1000) / wav.sampleRate;
  } catch {
    // The header itself may not be written yet.
    return 0;
  }
}

/**
 * Whether the phone has heard everything played: as much sound as was played (within two frames)
 * and silence after it. A key pressed before the play ends is lost (the collection opens when it
 * ends), and the play starts some time after the answer: so not a length of time, the sound itself.
 */
export function heardAll(phone: Phone, before: Set<string>, played: WavAnalysis): boolean {
  const file = newRecording(phone, before);
  if (file === undefined) return false;
  let samples: Int16Array;
  try {
    samples = readWav(file).samples;
  } catch {
    return false;
  }
  const quietTail = Math.round(0.3 * PCM_RATE);
  if (samples.length < quietTail) return false;
  const tail = analyzeSamples(samples.subarray(samples.length - quietTail), PCM_RATE);
  return tail.activeSeconds === 0 && analyzeSamples(samples, PCM_RATE).activeSeconds >= played.activeSeconds - 0.04;
}

/** The library the platform's SIP network plays from, for the lengths its real synthesis gives. */
export function referenceLibrary(): AudioLibrary {
  return new AudioLibrary({ tts: createTtsEngine({ engine: 'espeak-ng' }) });
}

/** The analysis of what voxcall played, the parts one after another, to hold what a phone heard against. */
export function playedAnalysis(parts: Int16Array[], frequencies: number[]): WavAnalysis {
  const all = new Int16Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    all.set(x, at);
    at += x.length;
  }
  return analyzeSamples(all, PCM_RATE, { frequencies });
}
