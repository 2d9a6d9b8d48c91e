// WAV files as the lab meets them: baresip's recordings (PCM 16-bit), voxcall's recordings
// (G.711 A-law 8 kHz mono), prompts from espeak-ng or sox. Read into mono 16-bit samples, written
// as PCM 16-bit or G.711. Pure TypeScript: tests parse many files and a sox process per file
// would cost more than the parsing.

import { readFileSync, writeFileSync } from 'node:fs';
import { decodeG711, encodeG711 } from '../../src/network/audio/g711.js';

export type WavEncoding = 'pcm16' | 'pcm8' | 'alaw' | 'ulaw';

export interface Wav {
  sampleRate: number;
  /** Channels in the file; `samples` is their average. */
  channels: number;
  encoding: WavEncoding;
  samples: Int16Array;
  /**
   * The data chunk's declared size differs from the bytes present: a file still being written
   * (libsndfile fixes the sizes when it closes the file) or cut short.
   */
  truncated: boolean;
}

const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_ULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

function encodingOf(format: number, bits: number): WavEncoding | undefined {
  if (format === FORMAT_PCM && bits === 16) return 'pcm16';
  if (format === FORMAT_PCM && bits === 8) return 'pcm8';
  if (format === FORMAT_ALAW && bits === 8) return 'alaw';
  if (format === FORMAT_ULAW && bits === 8) return 'ulaw';
  return undefined;
}

// Copied into an aligned array (a Buffer's offset may be odd); WAV and every host here are
// little-endian.
function pcm16(data: Buffer, count: number): Int16Array {
  const out = new Int16Array(count);
  Buffer.from(out.buffer).set(data.subarray(0, count * 2));
  return out;
}

function decodeFrames(enc: WavEncoding, data: Buffer, channels: number): Int16Array {
  const width = enc === 'pcm16' ? 2 : 1;
  const frames = Math.floor(data.length / (width * channels));
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.length);
  const linear =
    enc === 'alaw' ? decodeG711('PCMA', bytes)
    : enc === 'ulaw' ? decodeG711('PCMU', bytes)
    : enc === 'pcm8' ? Int16Array.from(bytes, (b) => (b - 128) << 8)
    : pcm16(data, frames * channels);
  if (channels === 1) return linear.length === frames ? linear : linear.subarray(0, frames);
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += linear[f * channels + c]!;
    out[f] = Math.round(sum / channels);
  }
  return out;
}

export function parseWav(b: Buffer, name = 'the buffer'): Wav {
  if (b.length < 12 || b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error(`${name} is not a WAV file (no RIFF/WAVE header)`);
  }
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= b.length; ) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      let format = b.readUInt16LE(body);
      // WAVE_FORMAT_EXTENSIBLE carries the real format in the first two bytes of its GUID.
      if (format === FORMAT_EXTENSIBLE && size >= 40) format = b.readUInt16LE(body + 24);
      fmt = { format, channels: b.readUInt16LE(body + 2), rate: b.readUInt32LE(body + 4), bits: b.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (fmt === undefined) throw new Error(`${name}: data chunk before fmt chunk`);
      const encoding = encodingOf(fmt.format, fmt.bits);
      if (encoding === undefined) throw new Error(`${name}: WAVE format ${fmt.format} at ${fmt.bits} bits is not PCM 8/16-bit, A-law or µ-law`);
      // A file still open declares 0 (or a stale size): read what is there.
      const present = size === 0 || size > b.length - body ? b.length - body : size;
      const samples = decodeFrames(encoding, b.subarray(body, body + present), fmt.channels);
      return { sampleRate: fmt.rate, channels: fmt.channels, encoding, samples, truncated: present !== size };
    }
    at = body + size + (size & 1);
  }
  throw new Error(`${name} has no data chunk`);
}

export function readWav(path: string): Wav {
  return parseWav(readFileSync(path), path);
}

/** A mono WAV of these samples: PCM 16-bit, or G.711 as voxcall records (format 6 / 7, 8-bit). */
export function encodeWav(samples: Int16Array, opts: { sampleRate?: number; encoding?: 'pcm16' | 'alaw' | 'ulaw' } = {}): Buffer {
  const rate = opts.sampleRate ?? 8000;
  const enc = opts.encoding ?? 'pcm16';
  const data =
    enc === 'pcm16' ? Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)
    : Buffer.from(encodeG711(enc === 'alaw' ? 'PCMA' : 'PCMU', samples));
  const width = enc === 'pcm16' ? 2 : 1;
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(enc === 'pcm16' ? FORMAT_PCM : enc === 'alaw' ? FORMAT_ALAW : FORMAT_ULAW, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * width, 28);
  h.writeUInt16LE(width, 32);
  h.writeUInt16LE(width * 8, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(data.length, 40);
  // Byte order: Int16Array is host order; every machine this runs on is little-endian, as WAV is.
  return Buffer.concat([h, data]);
}

export function writeWav(path: string, samples: Int16Array, opts: Parameters<typeof encodeWav>[1] = {}): void {
  writeFileSync(path, encodeWav(samples, opts));
}

/** A sine of `seconds` at `frequencyHz`, peak `amplitude` (0..1 of full scale). */
export function sine(frequencyHz: number, seconds: number, opts: { sampleRate?: number; amplitude?: number } = {}): Int16Array {
  const rate = opts.sampleRate ?? 8000;
  const peak = (opts.amplitude ?? 0.3) * 32767;
  const n = Math.round(seconds * rate);
  const w = (2 * Math.PI * frequencyHz) / rate;
  const out = new Int16Array(n);
  // A whole number of hertz repeats exactly every second: compute one second, copy the rest.
  const period = Number.isInteger(frequencyHz) ? Math.min(rate, n) : n;
  for (let i = 0; i < period; i++) out[i] = Math.round(peak * Math.sin(w * i));
  for (let i = period; i < n; i += period) out.copyWithin(i, 0, Math.min(period, n - i));
  return out;
}
