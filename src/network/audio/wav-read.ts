// Decodes a RIFF/WAVE file to linear samples. Two policies: 'voice file' accepts exactly what the
// management API lets users upload (src/api/manage/wav-format.ts: PCM 8/16-bit at 8/16 kHz, G.711
// A-law/µ-law at 8 kHz, mono); 'engine' accepts what TTS programs write (integer PCM 8 to 32-bit or
// 32-bit float at any rate from 8 kHz, mono), including the size placeholders a writer to a pipe
// leaves (espeak-ng and sox cannot seek back to fill them in). Chunks may come in any order before
// data, odd-sized chunks carry a pad byte, and WAVE_FORMAT_EXTENSIBLE names its codec in a GUID.

import { endianness } from 'node:os';
import { decodeG711 } from './g711.js';
import type { Pcm } from '../media/types.js';
import { resampleTo8kAsync } from './resample.js';

export type WavPolicy = 'voice file' | 'engine';

export interface DecodedWav {
  /** What the file held, e.g. "PCM 16-bit 22050 Hz mono". */
  format: string;
  rate: number;
  /** The samples at the file's own rate, as 16-bit linear. */
  samples: Int16Array;
}

const PCM = 1;
const FLOAT = 3;
const ALAW = 6;
const MULAW = 7;
const EXTENSIBLE = 0xfffe;
const LITTLE_ENDIAN = endianness() === 'LE';
const CODEC_NAME: Record<number, string> = { [PCM]: 'PCM', [FLOAT]: 'float', [ALAW]: 'G.711 A-law', [MULAW]: 'G.711 µ-law' };

interface Fmt {
  codec: number;
  channels: number;
  rate: number;
  blockAlign: number;
  bits: number;
}

function fmtName(f: Fmt): string {
  const codec = CODEC_NAME[f.codec] ?? `WAVE format ${f.codec}`;
  const ch = f.channels === 1 ? 'mono' : `${f.channels} channels`;
  return `${codec} ${f.bits}-bit ${f.rate} Hz ${ch}`;
}

function readFmt(b: Buffer, at: number, len: number): Fmt {
  if (len < 16) throw new Error('the fmt chunk is shorter than 16 bytes');
  let codec = b.readUInt16LE(at);
  if (codec === EXTENSIBLE) {
    if (len < 40) throw new Error('the extensible fmt chunk is shorter than 40 bytes');
    codec = b.readUInt16LE(at + 24);
  }
  return { codec, channels: b.readUInt16LE(at + 2), rate: b.readUInt32LE(at + 4), blockAlign: b.readUInt16LE(at + 12), bits: b.readUInt16LE(at + 14) };
}

/** Why the policy refuses the format, or undefined when it takes it. */
function refusal(f: Fmt, policy: WavPolicy): string | undefined {
  const accepted =
    policy === 'voice file'
      ? (f.codec === PCM && (f.bits === 8 || f.bits === 16) && (f.rate === 8000 || f.rate === 16000)) ||
        ((f.codec === ALAW || f.codec === MULAW) && f.bits === 8 && f.rate === 8000)
      : (f.codec === PCM && [8, 16, 24, 32].includes(f.bits) && f.rate >= 8000) ||
        (f.codec === FLOAT && f.bits === 32 && f.rate >= 8000) ||
        ((f.codec === ALAW || f.codec === MULAW) && f.bits === 8 && f.rate === 8000);
  if (!accepted || f.channels !== 1) {
    const wanted =
      policy === 'voice file'
        ? 'PCM 8/16-bit at 8000 or 16000 Hz, or G.711 A-law/µ-law 8-bit at 8000 Hz, mono'
        : 'PCM 8/16/24/32-bit or 32-bit float at 8000 Hz or more, or G.711 at 8000 Hz, mono';
    return `the audio is ${fmtName(f)}; accepted: ${wanted}`;
  }
  if (f.blockAlign !== f.bits / 8) return `the fmt chunk is inconsistent (block align ${f.blockAlign} for ${f.bits}-bit mono)`;
  return undefined;
}

function toInt16(f: Fmt, data: Buffer): Int16Array {
  const n = Math.floor(data.length / f.blockAlign);
  if (f.codec === ALAW || f.codec === MULAW) return decodeG711(f.codec === ALAW ? 'PCMA' : 'PCMU', data.subarray(0, n));
  if (f.codec === PCM && f.bits === 16 && LITTLE_ENDIAN) {
    // One copy instead of a read per sample (WAV is little-endian, as is every host Node runs on here).
    const out = new Int16Array(n);
    new Uint8Array(out.buffer).set(data.subarray(0, n * 2));
    return out;
  }
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const at = i * f.blockAlign;
    if (f.codec === FLOAT) out[i] = Math.round(Math.max(-1, Math.min(1, data.readFloatLE(at))) * 32767);
    else if (f.bits === 8) out[i] = (data[at]! - 128) << 8; // 8-bit WAV is unsigned
    else if (f.bits === 16) out[i] = data.readInt16LE(at);
    else if (f.bits === 24) out[i] = data.readIntLE(at, 3) >> 8;
    else out[i] = data.readInt32LE(at) >> 16;
  }
  return out;
}

/** Samples at the file's own rate; throws an Error saying what is wrong (prefixed by `what`). */
export function decodeWav(bytes: Buffer, policy: WavPolicy, what = 'the WAV'): DecodedWav {
  const fail = (why: string): never => {
    throw new Error(`${what}: ${why}`);
  };
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE') {
    return fail('not a WAV file (no RIFF/WAVE header)');
  }
  let fmt: Fmt | undefined;
  for (let pos = 12; pos + 8 <= bytes.length; ) {
    const id = bytes.toString('latin1', pos, pos + 4);
    const len = bytes.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'data') {
      if (!fmt) return fail('the data chunk comes before the fmt chunk');
      let end = body + len;
      if (end > bytes.length) {
        if (policy === 'voice file') return fail(`the data chunk is longer than the file (${len} bytes declared, ${bytes.length - body} present)`);
        end = bytes.length;
      }
      const samples = toInt16(fmt, bytes.subarray(body, end));
      if (samples.length === 0) return fail('the data chunk is empty');
      return { format: fmtName(fmt), rate: fmt.rate, samples };
    }
    if (body + len > bytes.length) return fail(`the ${id.trim()} chunk is longer than the file`);
    if (id === 'fmt ') {
      try {
        fmt = readFmt(bytes, body, len);
      } catch (e) {
        return fail((e as Error).message);
      }
      const bad = refusal(fmt, policy);
      if (bad) return fail(bad);
    }
    pos = body + len + (len % 2);
  }
  return fail(fmt ? 'no data chunk' : 'no fmt chunk');
}

/** The file as 8 kHz Pcm, resampled (in slices, yielding to the event loop) when at another rate. */
export async function wavToPcm(bytes: Buffer, policy: WavPolicy, what?: string): Promise<Pcm> {
  const w = decodeWav(bytes, policy, what);
  return resampleTo8kAsync(w.samples, w.rate);
}
