// The recording format of the reference: WAV, G.711 A-law (format tag 6), 8 kHz, mono. Written
// as the call goes (a buffer of about a second, never the whole call); the sizes in the header
// are fixed when the recording stops, so a crash leaves a file whose header says 0 bytes.

import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export const WAVE_FORMAT_ALAW = 6;
const RATE = 8000;
/** RIFF + fmt (18 bytes: non-PCM formats carry cbSize) + fact (required for non-PCM) + data. */
export const ALAW_WAV_HEADER_BYTES = 58;
const FLUSH_BYTES = RATE;

export function alawWavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(ALAW_WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(ALAW_WAV_HEADER_BYTES - 8 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(18, 16);
  h.writeUInt16LE(WAVE_FORMAT_ALAW, 20);
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE, 28); // bytes per second: one byte per sample
  h.writeUInt16LE(1, 32); // block align
  h.writeUInt16LE(8, 34); // bits per sample
  h.writeUInt16LE(0, 36); // cbSize
  h.write('fact', 38, 'ascii');
  h.writeUInt32LE(4, 42);
  h.writeUInt32LE(dataBytes, 46); // samples: one per byte
  h.write('data', 50, 'ascii');
  h.writeUInt32LE(dataBytes, 54);
  return h;
}

export class AlawWavWriter {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private written = 0;
  /** Writes run one after another; the first failure is kept and reported by finish(). */
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(private readonly fh: FileHandle) {}

  static async create(path: string): Promise<AlawWavWriter> {
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(path, 'w');
    try {
      await fh.write(alawWavHeader(0), 0, ALAW_WAV_HEADER_BYTES, 0);
    } catch (err) {
      await fh.close();
      throw err;
    }
    return new AlawWavWriter(fh);
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  append(alaw: Uint8Array): void {
    this.chunks.push(alaw);
    this.buffered += alaw.length;
    if (this.buffered >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.buffered === 0) return;
    const data = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    this.buffered = 0;
    const at = ALAW_WAV_HEADER_BYTES + this.written;
    this.written += data.length;
    this.chain = this.chain.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await this.fh.write(data, 0, data.length, at);
      } catch (err) {
        this.failure = err;
      }
    });
  }

  /** Writes what is buffered, fixes the header and closes; rejects if any write failed. */
  async finish(): Promise<number> {
    this.flush();
    await this.chain;
    try {
      if (this.failure !== undefined) throw this.failure;
      await this.fh.write(alawWavHeader(this.written), 0, ALAW_WAV_HEADER_BYTES, 0);
    } finally {
      await this.fh.close();
    }
    return this.written;
  }
}
