// A call recording: what the session sent (paced, one frame per tick) mixed with what its far
// end sent (arriving with network jitter, so held in a short FIFO), summed with clipping and
// written as A-law. For a bridged pair, one session's sent audio is the other far end's voice,
// so one session's recording holds both parties.

import { encodeG711 } from '../audio/g711.js';
import { AlawWavWriter } from './alaw-wav.js';

/** Heard audio held while waiting for the next sent frame: 100 ms absorbs the far end's jitter. */
const RX_CAP = 800;

export class CallRecorder {
  private rx = new Int16Array(RX_CAP);
  private rxLen = 0;
  readonly startAt = Date.now();

  private constructor(private readonly writer: AlawWavWriter, readonly path: string) {}

  static async create(path: string, hintTone?: Int16Array): Promise<CallRecorder> {
    const rec = new CallRecorder(await AlawWavWriter.create(path), path);
    if (hintTone && hintTone.length > 0) rec.writer.append(encodeG711('PCMA', hintTone));
    return rec;
  }

  /** Audio the far end sent (decoded). */
  heard(pcm: Int16Array): void {
    if (pcm.length >= RX_CAP) {
      this.rx.set(pcm.subarray(pcm.length - RX_CAP));
      this.rxLen = RX_CAP;
      return;
    }
    const overflow = this.rxLen + pcm.length - RX_CAP;
    if (overflow > 0) {
      this.rx.copyWithin(0, overflow, this.rxLen);
      this.rxLen -= overflow;
    }
    this.rx.set(pcm, this.rxLen);
    this.rxLen += pcm.length;
  }

  /** One frame the session sent: mixed with as much heard audio, written. */
  sent(pcm: Int16Array): void {
    const n = pcm.length;
    const mixed = new Int16Array(n);
    const take = Math.min(n, this.rxLen);
    for (let i = 0; i < n; i++) {
      const v = pcm[i]! + (i < take ? this.rx[i]! : 0);
      mixed[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
    this.rx.copyWithin(0, take, this.rxLen);
    this.rxLen -= take;
    this.writer.append(encodeG711('PCMA', mixed));
  }

  async stop(): Promise<{ startAt: number; endAt: number; path: string }> {
    const endAt = Date.now();
    await this.writer.finish();
    return { startAt: this.startAt, endAt, path: this.path };
  }
}
