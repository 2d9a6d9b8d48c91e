// What a lab phone plays: baresip's aufile source wants an 8 kHz 16-bit file, and ends the call
// ("end of file") when the file runs out; RFC 4733 digits are also clocked out by that source's
// frames, so a digit sent after the end is never sent. The source is therefore the tone (or the
// given prompt then silence) lasting as long as the longest call the phone may hold.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readWav, sine, writeWav } from './wav-file.js';

export type PhoneSound = { frequencyHz: number; amplitude?: number } | { wav: string } | { silence: true };

const RATE = 8000;

async function to8kHz(path: string, dir: string): Promise<Int16Array> {
  const wav = readWav(path);
  if (wav.sampleRate === RATE) return wav.samples;
  const out = join(dir, 'resampled.wav');
  try {
    await promisify(execFile)('sox', [path, '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', out]);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? `sox is not installed (needed to resample ${path} to 8 kHz): apt-get install -y sox` : `sox could not resample ${path}: ${(e as Error).message}`);
  }
  return readWav(out).samples;
}

/** Writes the phone's source file into `dir` and returns its path. */
export async function writePhoneSource(dir: string, sound: PhoneSound, seconds: number): Promise<string> {
  const path = join(dir, 'source.wav');
  const total = Math.round(seconds * RATE);
  let samples: Int16Array;
  if ('frequencyHz' in sound) samples = sine(sound.frequencyHz, seconds, { amplitude: sound.amplitude ?? 0.3 });
  else {
    samples = new Int16Array(total);
    if ('wav' in sound) {
      const prompt = await to8kHz(sound.wav, dir);
      samples.set(prompt.subarray(0, total));
    }
  }
  writeWav(path, samples);
  return path;
}
