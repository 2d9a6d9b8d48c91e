// Real WAV files (RIFF/WAVE, PCM 16-bit, 8 kHz mono, the telephone format): recordings of the
// simulated network and demo voice files, so players and downloads get audio, not silence.

import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

export const WAV_SAMPLE_RATE = 8000;
const BYTES_PER_SAMPLE = 2;
const HEADER_BYTES = 44;
/** One second per write keeps memory flat for hour-long recordings. */
const CHUNK_SAMPLES = WAV_SAMPLE_RATE;

export interface ToneOptions {
  /** Beep tone (default 440 Hz). */
  frequencyHz?: number;
  /** Beep on/off pattern (default 400 ms on, 200 ms off); gapMs 0 = a continuous tone. */
  beepMs?: number;
  gapMs?: number;
  /** 0..1 of full scale (default 0.3). */
  amplitude?: number;
  /** A continuous hint tone at the start (e.g. the record hint), before the beeps. */
  hintMs?: number;
  hintFrequencyHz?: number;
}

function header(dataBytes: number): Buffer {
  const h = Buffer.alloc(HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(WAV_SAMPLE_RATE, 24);
  h.writeUInt32LE(WAV_SAMPLE_RATE * BYTES_PER_SAMPLE, 28);
  h.writeUInt16LE(BYTES_PER_SAMPLE, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Writes a WAV of exactly durationMs (rounded to a sample), creating its folder. */
export async function writeToneWav(path: string, durationMs: number, opts: ToneOptions = {}): Promise<void> {
  if (!(durationMs >= 0) || !Number.isFinite(durationMs)) throw new RangeError(`durationMs must be >= 0, got ${durationMs}`);
  const freq = opts.frequencyHz ?? 440;
  const beepMs = opts.beepMs ?? 400;
  const gapMs = opts.gapMs ?? 200;
  const amp = Math.round(32767 * Math.min(1, Math.max(0, opts.amplitude ?? 0.3)));
  const hintMs = opts.hintMs ?? 0;
  const hintFreq = opts.hintFrequencyHz ?? 1000;
  const total = Math.round((durationMs * WAV_SAMPLE_RATE) / 1000);

  await mkdir(dirname(path), { recursive: true });
  const fh = await open(path, 'w');
  try {
    await fh.write(header(total * BYTES_PER_SAMPLE));
    for (let start = 0; start < total; start += CHUNK_SAMPLES) {
      const n = Math.min(CHUNK_SAMPLES, total - start);
      const buf = Buffer.alloc(n * BYTES_PER_SAMPLE);
      for (let i = 0; i < n; i++) {
        const t = (start + i) / WAV_SAMPLE_RATE;
        const ms = t * 1000;
        let v = 0;
        if (ms < hintMs) v = Math.sin(2 * Math.PI * hintFreq * t);
        else if (gapMs === 0 || (ms - hintMs) % (beepMs + gapMs) < beepMs) v = Math.sin(2 * Math.PI * freq * t);
        buf.writeInt16LE(Math.round(v * amp), i * BYTES_PER_SAMPLE);
      }
      await fh.write(buf);
    }
  } finally {
    await fh.close();
  }
}

/** Duration in ms from a WAV file's header; throws when the file is not a PCM WAV. */
export function wavDurationMs(path: string): number {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (pos: number, len: number): Buffer => {
      const b = Buffer.alloc(len);
      const got = readSync(fd, b, 0, len, pos);
      return b.subarray(0, got);
    };
    const riff = read(0, 12);
    if (riff.length < 12 || riff.toString('ascii', 0, 4) !== 'RIFF' || riff.toString('ascii', 8, 12) !== 'WAVE') {
      throw new Error(`${path} is not a WAV file (no RIFF/WAVE header)`);
    }
    let byteRate = 0;
    for (let pos = 12; pos + 8 <= size; ) {
      const ch = read(pos, 8);
      const id = ch.toString('ascii', 0, 4);
      const len = ch.readUInt32LE(4);
      if (id === 'fmt ') {
        const fmt = read(pos + 8, 16);
        if (fmt.length < 16) break;
        byteRate = fmt.readUInt32LE(8);
      } else if (id === 'data') {
        if (!byteRate) break;
        // A writer cut short leaves a size larger than the file: count what is there.
        const bytes = Math.min(len, size - pos - 8);
        return Math.round((bytes * 1000) / byteRate);
      }
      pos += 8 + len + (len % 2);
    }
    throw new Error(`${path} is not a valid WAV file (missing fmt or data chunk)`);
  } finally {
    closeSync(fd);
  }
}
