// Builders for the audio tests: WAV files of any layout, tones, levels, and the tools the tests
// run (a missing one fails with the package to install, never a skip).

import { spawnSync } from 'node:child_process';

export interface WavSpec {
  /** WAVE format code: 1 PCM, 3 float, 6 A-law, 7 µ-law. */
  codec: number;
  bits: number;
  rate: number;
  channels?: number;
  extensible?: boolean;
}

export type Chunk = [id: string, body: Buffer];

export function fmtChunk(s: WavSpec): Chunk {
  const channels = s.channels ?? 1;
  const block = (channels * s.bits) / 8;
  const body = Buffer.alloc(s.extensible ? 40 : 16);
  body.writeUInt16LE(s.extensible ? 0xfffe : s.codec, 0);
  body.writeUInt16LE(channels, 2);
  body.writeUInt32LE(s.rate, 4);
  body.writeUInt32LE(s.rate * block, 8);
  body.writeUInt16LE(block, 12);
  body.writeUInt16LE(s.bits, 14);
  if (s.extensible) {
    body.writeUInt16LE(22, 16); // cbSize
    body.writeUInt16LE(s.bits, 18); // valid bits
    body.writeUInt32LE(channels === 1 ? 4 : 3, 20); // speaker mask
    // KSDATAFORMAT_SUBTYPE_*: the codec, then the fixed tail 0000-0010-8000-00AA00389B71.
    body.writeUInt16LE(s.codec, 24);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(body, 26);
  }
  return ['fmt ', body];
}

/** A RIFF/WAVE file of the chunks in the given order, odd chunks padded as RIFF requires. */
export function riff(chunks: Chunk[], opts: { dataSize?: number } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const [id, body] of chunks) {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(id === 'data' && opts.dataSize !== undefined ? opts.dataSize : body.length, 4);
    parts.push(h, body);
    if (body.length % 2) parts.push(Buffer.alloc(1));
  }
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + parts.reduce((n, p) => n + p.length, 0), 4);
  head.write('WAVE', 8, 'latin1');
  return Buffer.concat([head, ...parts]);
}

export function wav(s: WavSpec, data: Buffer): Buffer {
  return riff([fmtChunk(s), ['data', data]]);
}

export function tone(freq: number, rate: number, seconds: number, amp = 10000): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate)));
}

export function int16Bytes(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** RMS over the middle 80% (the filter's edges are not the figure). */
export function rms(a: Int16Array, from = 0.1, to = 0.9): number {
  const lo = Math.floor(a.length * from);
  const hi = Math.floor(a.length * to);
  let s = 0;
  for (let i = lo; i < hi; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s / Math.max(1, hi - lo));
}

export function db(ratio: number): number {
  return 20 * Math.log10(ratio);
}

export function requireTool(cmd: string, pkg: string): void {
  const r = spawnSync(cmd, ['--version'], { stdio: 'ignore' });
  if (r.error) throw new Error(`${cmd} is needed by this test: apt-get install -y ${pkg}`);
}
